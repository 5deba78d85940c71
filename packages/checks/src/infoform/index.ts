// Info form check (PDF + Word) and the pdfjs configuration hook.
export { checkInfoform, findSummary } from './check-infoform.ts';
export type { SummaryFound } from './check-infoform.ts';
export { configurePdfjs, openPdf, scanRedSeal } from './pdf.ts';
export type { PdfjsConfig, PdfjsModule, SealScan } from './pdf.ts';
