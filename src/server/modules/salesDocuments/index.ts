// Issued sales documents for other modules: storing a quote's PDF when it is issued.
export { storeQuotePdf } from './documents.files.ts';
