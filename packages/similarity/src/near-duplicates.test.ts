import { describe, expect, it } from 'vitest';
import { frameworkCorpusModel } from './synthetic-model.ts';
import { changedShare, editText, generateReport, shuffleParagraphs } from './synthetic.ts';
import { findNearDuplicates, sketchText } from './near-duplicates.ts';
import {
  bandingThreshold,
  candidateProbability,
  countDistinct,
  distinctSorted,
  estimateJaccard,
  exactJaccard,
  lshCandidatePairs,
  minhashSignature,
  shingleHashes,
} from './minhash.ts';
import { normalizeText, normalizedString } from './normalize.ts';
import { alignPassages, highlightSegments } from './align.ts';

const model = frameworkCorpusModel();
const shingleSet = (t: string) => {
  const { codes } = normalizeText(t);
  return distinctSorted(shingleHashes(codes, codes.length, 5));
};

describe('normalisation', () => {
  it('drops whitespace and punctuation, folds full-width forms and case', () => {
    expect(normalizedString('人工智能，赋能 教学！ＡＢＣ１２３abc\n“课堂”。')).toBe('人工智能赋能教学abc123abc课堂');
    const n = normalizeText('甲，乙 丙');
    expect([...n.offsets]).toEqual([0, 2, 4]);
  });
});

describe('MinHash signatures', () => {
  it('estimate Jaccard close to the exact value', () => {
    const a = generateReport(model, 1);
    const b = editText(model, a, 2, 0.1);
    const exact = exactJaccard(shingleSet(a), shingleSet(b));
    const est = estimateJaccard(sketchText(a).signature, sketchText(b).signature);
    expect(Math.abs(est - exact)).toBeLessThan(0.1);
    expect(exact).toBeGreaterThan(0.5);
  });

  it('are independent of paragraph order and formatting', () => {
    const a = generateReport(model, 3);
    const b = shuffleParagraphs(a, 4).replace(/，/g, ', ').replace(/\n/g, '\n\n  ');
    expect(estimateJaccard(sketchText(a).signature, sketchText(b).signature)).toBeGreaterThan(0.95);
  });

  it('count distinct shingles like sorting does', () => {
    const h = shingleHashes(normalizeText(generateReport(model, 9)).codes);
    const withZero = Uint32Array.from([0, 0, ...h.subarray(0, 50), ...h.subarray(0, 50)]);
    expect(countDistinct(h)).toBe(distinctSorted(h.slice()).length);
    expect(countDistinct(withZero, new Uint32Array(4096))).toBe(distinctSorted(withZero.slice()).length);
  });

  it('work for short texts (densified bins) and refuse a bad k', () => {
    const s = '应用人工智能分析学生作业完成情况，生成学情报告。';
    const sig = minhashSignature(shingleHashes(normalizeText(s).codes));
    expect(sig.every((v) => v !== 0xffffffff)).toBe(true);
    expect(() => minhashSignature(new Uint32Array(1), 1, 100)).toThrow();
  });

  it('banding parameters put the threshold between unrelated and edited copies', () => {
    expect(bandingThreshold(85, 3)).toBeCloseTo(0.228, 2);
    expect(candidateProbability(0.38, 85, 3)).toBeGreaterThan(0.99);
    expect(candidateProbability(0.015, 85, 3)).toBeLessThan(0.001);
  });
});

describe('near-duplicate search', () => {
  const originals = Array.from({ length: 120 }, (_, i) => generateReport(model, 1000 + i));
  const copies = [
    { kind: 'verbatim', of: 3, text: originals[3]! },
    { kind: 'edited 10 %', of: 10, text: editText(model, originals[10]!, 11, 0.1) },
    { kind: 'edited 15 %', of: 20, text: editText(model, originals[20]!, 21, 0.15) },
    { kind: 'edited 20 %', of: 30, text: editText(model, originals[30]!, 31, 0.2) },
    { kind: 'shuffled', of: 40, text: shuffleParagraphs(originals[40]!, 41) },
    { kind: 'shuffled + edited 15 %', of: 50, text: shuffleParagraphs(editText(model, originals[50]!, 51, 0.15), 52) },
    { kind: 'half pasted into a new report', of: 60, text: originals[60]!.slice(0, 1300) + generateReport(model, 9999, 1200) },
  ];
  const texts = [...originals, ...copies.map((c) => c.text)];
  const pairs = findNearDuplicates(texts);

  it('the edits change about the share of characters they claim', () => {
    expect(changedShare(originals[20]!, copies[2]!.text)).toBeGreaterThan(0.08);
    expect(changedShare(originals[30]!, copies[3]!.text)).toBeGreaterThan(0.12);
  });

  it.each(copies.map((c, i) => [c.kind, c.of, originals.length + i] as const))('finds the %s copy', (_kind, of, idx) => {
    expect(pairs.some((p) => p.a === of && p.b === idx)).toBe(true);
  });

  it('reports no unrelated pair', () => {
    const planted = new Set(copies.map((c, i) => `${c.of}-${originals.length + i}`));
    expect(pairs.filter((p) => !planted.has(`${p.a}-${p.b}`))).toEqual([]);
  });

  it('LSH candidates are a small share of all pairs', () => {
    const sk = texts.map((t) => sketchText(t));
    const sigs = new Uint32Array(sk.length * 256);
    sk.forEach((s, i) => sigs.set(s.signature, i * 256));
    const cand = lshCandidatePairs(sigs, sk.length, { bands: 85, rows: 3 });
    expect(cand.length).toBeLessThan((sk.length * (sk.length - 1)) / 2 / 50);
  });

  it('many identical texts give each pair once', () => {
    const same = Array.from({ length: 60 }, () => originals[0]!);
    const pairs = findNearDuplicates(same);
    expect(pairs).toHaveLength((60 * 59) / 2);
    expect(new Set(pairs.map((p) => `${p.a}-${p.b}`)).size).toBe(pairs.length);
  });

  it('leaves out texts too short to call a copy', () => {
    expect(findNearDuplicates(['人工智能', '人工智能'])).toEqual([]);
  });
});

describe('passage alignment', () => {
  it('returns the shared passages as ranges of both originals', () => {
    const shared = '应用人工智能对学生课堂行为、作业完成、问卷调查等多模态数据进行分析，辅助教师识别学生的学习兴趣。';
    const a = `我校开展了为期一年的实践研究。${shared}最后形成了可推广的经验。`;
    const b = `本案例背景如下：教师团队经过调研。${shared.replace('，', ', ')}其他内容完全不同的结尾部分在这里。`;
    const passages = alignPassages(a, b);
    expect(passages).toHaveLength(1);
    const p = passages[0]!;
    expect(a.slice(p.a[0], p.a[1])).toBe(shared.slice(0, -1));
    expect(normalizedString(b.slice(p.b[0], p.b[1]))).toBe(normalizedString(shared));
    const segs = highlightSegments(a, [p.a]);
    expect(segs.map((s) => s.text).join('')).toBe(a);
    expect(segs.filter((s) => s.mark)).toHaveLength(1);
  });

  it('keeps a lightly edited paragraph as one passage and finds shuffled paragraphs', () => {
    const a = generateReport(model, 77, 800);
    const b = shuffleParagraphs(editText(model, a, 78, 0.05), 79);
    const passages = alignPassages(a, b);
    const covered = passages.reduce((s, p) => s + p.a[1] - p.a[0], 0);
    expect(covered / a.length).toBeGreaterThan(0.6);
    expect(alignPassages(a, generateReport(model, 5, 800)).length).toBeLessThan(3);
  });
});
