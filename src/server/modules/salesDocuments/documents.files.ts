// The PDFs of issued sales documents: rendered once, right after the document is issued, and
// stored (migration 0037), so what was sent is what is downloaded later — a changed letterhead,
// product or address does not change it. Rendering happens after the issuing transaction has
// committed, not in it: that transaction holds the year's number counter, and concurrent issuers
// would queue behind every render. Should the render fail, the first download renders it.
import { createHash } from 'node:crypto';
import { computeSalesTotals, type SalesDocumentPrint } from '../../../contract/sales/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { letterheadFor } from '../letterhead/index.ts';
import type { Selectable } from 'kysely';
import type { OrdersTable } from '../../platform/db/schema.ts';
import { buildQuotePrint, loadQuotePrintSource, quoteUnitLabels, recipientLines } from '../quotes/quotes.print.ts';
import { companyFacts, contactFacts, userName } from '../quotes/quotes.repository.ts';
import { addressCountry, defaultLanguage } from '../quotes/quotes.rules.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
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
 * The order confirmation of an order made in Farley, rendered and stored the first time.
 * From a quote: the quote's lines, totals and texts under the order's number and date (without
 * the introduction, which speaks of an offer). Entered directly: its lines, totals computed from
 * them as when it was entered. Undefined for orders without a Farley number (imported or pushed
 * by another system: their documents are that system's).
 */
export async function ensureOrderPdf(tx: Db, workspaceId: string, orderId: string): Promise<DocumentFile | undefined> {
  const stored = await storedFile(tx, 'order', orderId);
  if (stored) return stored;
  const order = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!order?.number) return undefined;
  if (!order.quote_id) {
    const doc = await directOrderPrint(tx, workspaceId, order);
    if (!doc) return undefined;
    await store(tx, workspaceId, 'order', order.id, doc);
    return storedFile(tx, 'order', orderId);
  }
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

/** The printed confirmation of an order entered directly; undefined when a line has no price. */
async function directOrderPrint(
  tx: Db,
  workspaceId: string,
  order: Selectable<OrdersTable>,
): Promise<SalesDocumentPrint | undefined> {
  const rows = await tx
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', '=', order.id)
    .orderBy('position')
    .execute();
  if (rows.length === 0 || rows.some((row) => row.unit_price === null || row.vat_rate === null)) return undefined;
  const company = order.company_id ? await companyFacts(tx, order.company_id) : undefined;
  const contact = order.contact_id ? await contactFacts(tx, order.contact_id) : undefined;
  const country = addressCountry(company?.addresses) ?? addressCountry(contact?.addresses);
  const language = defaultLanguage(country);
  const currency = order.currency.trim();
  const lines = rows.map((row) => ({
    quantity: String(row.quantity),
    unitPrice: String(row.unit_price),
    vatRate: String(row.vat_rate),
  }));
  const totals = computeSalesTotals({
    currency,
    pricesEntered: 'net',
    taxTreatment: 'standard',
    lines: lines.map((line) => ({ kind: 'item', ...line })),
  });
  const source = {
    company: company ? { name: company.name, vatId: company.vat_id, addresses: company.addresses } : null,
    contact: contact ? { name: contact.name, addresses: contact.addresses } : null,
    workspaceCountry: (await workspaceSettings(tx, workspaceId)).defaultCountry,
    language,
  };
  const labels = quoteUnitLabels[language] as Record<string, string>;
  const date = language === 'de' ? order.order_date.split('-').reverse().join('.') : order.order_date;
  return {
    kind: 'order',
    language,
    number: order.number ?? '',
    date: order.order_date,
    validUntil: null,
    customerReference: order.external_number,
    letterhead: await letterheadFor(tx, workspaceId, language),
    recipientLines: recipientLines(source),
    recipientVatId: null,
    contactPerson: await userName(tx, order.owner_id),
    subject: language === 'de' ? `Ihr Auftrag vom ${date}` : `Your order of ${date}`,
    introduction: null,
    lines: rows.map((row, index) => ({
      kind: 'item',
      position: String(index + 1),
      sku: row.sku,
      name: row.name ?? '',
      description: null,
      quantity: lines[index].quantity,
      unitLabel: row.unit ? (labels[row.unit] ?? row.unit) : '',
      unitPrice: lines[index].unitPrice,
      discountLabel: null,
      vatRate: lines[index].vatRate,
      optional: false,
    })),
    totals,
    pricesEntered: 'net',
    taxTreatment: 'standard',
    terms: null,
    closing: null,
  };
}
