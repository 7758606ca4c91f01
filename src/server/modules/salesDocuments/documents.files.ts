// The PDFs of issued sales documents: rendered once, right after the document is issued, and
// stored (migration 0037), so what was sent is what is downloaded later — a changed letterhead,
// product or address does not change it. Rendering happens after the issuing transaction has
// committed, not in it: that transaction holds the year's number counter, and concurrent issuers
// would queue behind every render. Should the render fail, the first download renders it.
import { createHash } from 'node:crypto';
import type { SalesDocumentPrint } from '../../../contract/sales/index.ts';
import type { Db } from '../../platform/db/database.ts';
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
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The printed view of an issued quote, with the letterhead in its language. */
async function quotePrintOf(tx: Db, workspaceId: string, quoteId: string): Promise<SalesDocumentPrint> {
  const source = await loadQuotePrintSource(tx, workspaceId, quoteId);
  return buildQuotePrint(source, await letterheadFor(tx, workspaceId, source.language));
}

/** The stored PDF of a document, or undefined when it has none yet. */
async function storedFile(tx: Db, kind: DocumentKind, id: string): Promise<DocumentFile | undefined> {
  const row = await tx
    .selectFrom('sales_document_files')
    .select(['file_name', 'bytes'])
    .where('document_kind', '=', kind)
    .where('document_id', '=', id)
    .executeTakeFirst();
  return row && { fileName: row.file_name, bytes: row.bytes };
}

/** The PDF of an issued quote, rendered and stored the first time; undefined for a draft. */
export async function ensureQuotePdf(tx: Db, workspaceId: string, quoteId: string): Promise<DocumentFile | undefined> {
  const stored = await storedFile(tx, 'quote', quoteId);
  if (stored) return stored;
  const quote = await tx.selectFrom('quotes').select('number').where('id', '=', quoteId).executeTakeFirst();
  if (!quote?.number) return undefined;
  await store(tx, workspaceId, 'quote', quoteId, await quotePrintOf(tx, workspaceId, quoteId));
  return storedFile(tx, 'quote', quoteId);
}

/**
 * The order confirmation of an order made from a quote, rendered and stored the first time: the
 * quote's lines, totals and texts under the order's number and date. The quote's introduction
 * speaks of an offer, so the confirmation goes without it. Undefined for other orders.
 */
export async function ensureOrderPdf(tx: Db, workspaceId: string, orderId: string): Promise<DocumentFile | undefined> {
  const stored = await storedFile(tx, 'order', orderId);
  if (stored) return stored;
  const order = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!order?.number || !order.quote_id) return undefined;
  const quote = await quotePrintOf(tx, workspaceId, order.quote_id);
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
  return storedFile(tx, 'order', orderId);
}
