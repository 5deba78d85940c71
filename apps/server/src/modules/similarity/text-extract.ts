// Plain text of a case's report (DOCX) and courseware (PPTX: slides and notes) for near-duplicate detection.
import type { ByteSource } from '@anli/checks/types.ts';
import { extractDocxText } from '@anli/checks/report/docx.ts';
import { openZip } from '@anli/checks/ooxml/zip.ts';
import { loadDeck } from '@anli/checks/courseware/pptx-model.ts';

export type TextSource = 'summary' | 'report' | 'courseware';

export async function extractReportText(source: ByteSource): Promise<string> {
  return (await extractDocxText(source)).map((p) => p.text).filter((t) => t.trim()).join('\n');
}

export async function extractCoursewareText(source: ByteSource): Promise<string> {
  const archive = await openZip(source, { maxTotalBytes: 512 * 1024 * 1024, maxEntryBytes: 64 * 1024 * 1024 });
  const mainPart = archive.resolve('ppt/presentation.xml') ?? 'ppt/presentation.xml';
  const deck = await loadDeck(archive, mainPart, { deadline: Date.now() + 60_000 });
  return deck.texts
    .filter((t) => t.kind === 'slide' || t.kind === 'notes' || t.kind === 'chart' || t.kind === 'diagram')
    .map((t) => t.text.trim())
    .filter(Boolean)
    .join('\n');
}
