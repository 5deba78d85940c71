// The generated 案例信息表 (Word and PDF) of a case, in the layout of the call's notice.
export { generateInfoFormDocx } from './infoform.docx.ts';
export { generateInfoFormPdf, PDF_FONT_PATH, PDF_TITLE_FONT_PATH } from './infoform.pdf.ts';
export { buildInfoFormLayout, INFOFORM_LAYOUTS, type InfoFormLayout } from './infoform.layout.ts';
