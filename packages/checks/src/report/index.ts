// Summary report (DOCX) check and reusable DOCX reading.
export { checkReport, classifyParagraphs, REPORT_RULES } from './check-report.ts';
export type { ClassifiedParagraph, ParagraphRole } from './check-report.ts';
export { extractDocxText, loadDocx, loadDocxFromArchive } from './docx.ts';
export type { DocxDocument, DocxParagraph, DocxRun, DocxTable, DocxTextParagraph, RunProps } from './docx.ts';
export { sniffKind, describeKind } from './sniff.ts';
export { canonicalFont, describeSize } from './fonts.ts';
export { formatNumber, chineseCounting } from './numbering.ts';
