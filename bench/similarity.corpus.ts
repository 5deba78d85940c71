// The benchmark corpus: document i is generated from seed i; every 50th document (i ≡ 49 mod 50) is a planted
// near-duplicate of document i − 25, cycling through four kinds of copy.
import { editText, generateReport, shuffleParagraphs, type CorpusModel } from '@anli/similarity/synthetic.ts';

export const PLANT_EVERY = 50;
export const KINDS = ['verbatim', 'edited 10–20 %', 'paragraph-shuffled', 'shuffled + edited 10 %'] as const;

export function plantedSource(i: number): number | null {
  return i % PLANT_EVERY === PLANT_EVERY - 1 ? i - 25 : null;
}

export function plantedKind(i: number): (typeof KINDS)[number] {
  return KINDS[Math.floor(i / PLANT_EVERY) % KINDS.length]!;
}

export function corpusDocument(model: CorpusModel, i: number): { text: string; source: number | null } {
  const source = plantedSource(i);
  if (source === null) return { text: generateReport(model, 0x5eed + i * 7919), source };
  const original = generateReport(model, 0x5eed + source * 7919);
  const kind = plantedKind(i);
  const text =
    kind === 'verbatim'
      ? original
      : kind === 'edited 10–20 %'
        ? editText(model, original, i, 0.1 + ((i * 37) % 100) / 1000)
        : kind === 'paragraph-shuffled'
          ? shuffleParagraphs(original, i)
          : shuffleParagraphs(editText(model, original, i, 0.1), i + 1);
  return { text, source };
}
