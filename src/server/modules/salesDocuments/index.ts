// Issued sales documents for other modules: the PDF of a quote, stored after it is issued.
export { ensureQuotePdf } from './documents.files.ts';
