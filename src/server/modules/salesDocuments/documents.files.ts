// The PDFs of issued sales documents: rendered once, in the transaction that issues the document,
// and stored (migration 0037), so what was sent is what is downloaded later — a changed
// letterhead, product or address does not change it.
import { createHash } from 'node:crypto';
import type { SalesDocumentPrint } from '../../../contract/sales/index.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Row } from '../../platform/presenting.ts';
import { letterheadFor } from '../letterhead/index.ts';
import { buildQuotePrint, loadQuotePrintSource } from '../quotes/quotes.print.ts';
import { renderSalesPdfInWorker } from '../salesPdf/index.ts';

export type DocumentKind = 'quote' | 'order';

export type DocumentFile = { fileName: string; bytes: Buffer };

async function store(tx: Db, workspaceId: string, kind: DocumentKind, id: string, doc: SalesDocumentPrint) {
  const pdf = await renderSalesPdfInWorker(doc);
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  await tx
    .insertInto('sales_document_files')
    .values({
      workspace_id: workspaceId,
      document_kind: kind,
      document_id: id,
      file_name: `${doc.number}.pdf`,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })
    .execute();
}

/** The printed view of an issued quote, with the letterhead in its language. */
async function quotePrintOf(tx: Db, workspaceId: string, quoteId: string): Promise<SalesDocumentPrint> {
  const source = await loadQuotePrintSource(tx, workspaceId, quoteId);
  return buildQuotePrint(source, await letterheadFor(tx, workspaceId, source.language));
}

/** Renders and stores the PDF of a quote just issued (call it in the issuing transaction). */
export async function storeQuotePdf(tx: Db, workspaceId: string, quoteId: string): Promise<void> {
  await store(tx, workspaceId, 'quote', quoteId, await quotePrintOf(tx, workspaceId, quoteId));
}

/**
 * Renders and stores the order confirmation of an order made from a quote: the quote's lines,
 * totals and texts under the order's number and date. The quote's introduction speaks of an
 * offer, so the confirmation goes without it.
 */
export async function storeOrderConfirmation(
  tx: Db,
  workspaceId: string,
  quoteId: string,
  order: Row<'orders'>,
): Promise<void> {
  if (!order.number) return;
  const quote = await quotePrintOf(tx, workspaceId, quoteId);
  // Optional items were offered, not ordered (they are not in the totals either).
  const kept = quote.lines.flatMap((line, index) =>
    line.kind === 'item' && line.optional ? [] : [{ line, total: quote.totals.lines[index] }],
  );
  let position = 0;
  const lines = kept.map(({ line }) => (line.kind === 'item' ? { ...line, position: String(++position) } : line));
  await store(tx, workspaceId, 'order', order.id, {
    ...quote,
    lines,
    totals: { ...quote.totals, lines: kept.map(({ total }) => total) },
    kind: 'order',
    number: order.number,
    date: order.order_date,
    validUntil: null,
    customerReference: quote.customerReference ?? quote.number,
    introduction: null,
  });
}

/** The stored PDF of a document, or undefined when it has none (a draft, an imported order). */
export async function documentFile(tx: Db, kind: DocumentKind, id: string): Promise<DocumentFile | undefined> {
  const row = await tx
    .selectFrom('sales_document_files')
    .select(['file_name', 'bytes'])
    .where('document_kind', '=', kind)
    .where('document_id', '=', id)
    .executeTakeFirst();
  return row && { fileName: row.file_name, bytes: row.bytes };
}
