// The renderer's thread in the worker pool (salesPdf.pool.ts): one document in, its PDF out.
import type { SalesDocumentPrint } from '../../../contract/sales/print.ts';
import { renderSalesPdf } from './salesPdf.render.ts';

export default function render(doc: SalesDocumentPrint): Promise<Uint8Array> {
  return renderSalesPdf(doc);
}
