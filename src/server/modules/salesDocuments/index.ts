// Issued sales documents for other modules: the PDFs of quotes and order confirmations, stored
// right after the document got its number.
export { ensureOrderPdf, ensureQuotePdf } from './documents.files.ts';
