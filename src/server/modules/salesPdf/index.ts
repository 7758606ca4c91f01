// Printed sales documents: what quotes and orders call to get a PDF. The server renders through
// the worker pool; renderSalesPdf itself is for the pool's threads, tests and benchmarks.
export { renderSalesPdf } from './salesPdf.render.ts';
export { closeSalesPdfPool, poolSize, renderSalesPdfInWorker } from './salesPdf.pool.ts';
