// SQL of quotes: the quote with the names of its customer and deal, its lines, the list, the
// workspace's sales settings, and what accepting does to a deal.
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { QuoteLinesTable, QuotesTable } from '../../platform/db/schema.ts';
import { personNameSql } from '../../platform/db/names.ts';
import { type Fields, type ListQuery, type ListSearch, listPage } from '../../platform/http/listing.ts';

export const quoteFields: Fields = {
  number: { column: 'number', kind: 'text', nullable: true },
  revision: { column: 'revision', kind: 'integer' },
  rootId: { column: 'root_id', kind: 'uuid' },
  subject: { column: 'subject', kind: 'text' },
  companyId: { column: 'company_id', kind: 'uuid', nullable: true },
  contactId: { column: 'contact_id', kind: 'uuid', nullable: true },
  dealId: { column: 'deal_id', kind: 'uuid', nullable: true },
  ownerId: { column: 'owner_id', kind: 'uuid', nullable: true },
  currency: { column: 'currency', kind: 'text' },
  language: { column: 'language', kind: 'enum', values: ['de', 'en'] },
  quoteDate: { column: 'quote_date', kind: 'date' },
  validUntil: { column: 'valid_until', kind: 'date' },
  netTotal: { column: 'net_total', kind: 'decimal' },
  grossTotal: { column: 'gross_total', kind: 'decimal' },
  issuedAt: { column: 'issued_at', kind: 'timestamp', nullable: true },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

/** Quotes with the names the API shows beside the ids. */
function quotesWithNames(tx: Db) {
  return tx
    .selectFrom('quotes')
    .leftJoin('companies as co', (join) =>
      join.onRef('co.workspace_id', '=', 'quotes.workspace_id').onRef('co.id', '=', 'quotes.company_id'),
    )
    .leftJoin('contacts as ct', (join) =>
      join.onRef('ct.workspace_id', '=', 'quotes.workspace_id').onRef('ct.id', '=', 'quotes.contact_id'),
    )
    .leftJoin('deals as de', (join) =>
      join.onRef('de.workspace_id', '=', 'quotes.workspace_id').onRef('de.id', '=', 'quotes.deal_id'),
    )
    .selectAll('quotes')
    .select([
      'co.name as company_name',
      sql<string | null>`nullif(${personNameSql('ct')}, '')`.as('contact_name'),
      'de.title as deal_title',
    ]);
}

export type QuoteRow = Awaited<ReturnType<typeof findQuote>> & {};
export type QuoteLineRow = Awaited<ReturnType<typeof quoteLines>>[number];

/** A quote as the API shows it, trashed or not. */
export async function findQuote(tx: Db, id: string) {
  return quotesWithNames(tx).where('quotes.id', '=', id).executeTakeFirst();
}

/** The quote row, locked until the transaction ends: actions on one quote queue. */
export async function lockQuote(tx: Db, id: string) {
  return tx.selectFrom('quotes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The status filter reads expiry the way the API shows it: `expired` is a sent quote past its
 * validity date, `sent` one still valid.
 */
function statusCondition(status: string, today: string) {
  if (status === 'expired') return sql<boolean>`(q.status = 'sent' and q.valid_until < ${today}::date)`;
  if (status === 'sent') return sql<boolean>`(q.status = 'sent' and q.valid_until >= ${today}::date)`;
  return sql<boolean>`q.status = ${status}`;
}

/** The list's search: a part of the number or the subject, case-insensitive. */
function quoteSearch(q: string | undefined): ListSearch | null {
  const words = (q ?? '').trim();
  if (!words) return null;
  const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { where: sql<boolean>`(q.number ilike ${pattern} or q.subject ilike ${pattern})` };
}

export async function listQuotes(tx: Db, query: ListQuery, today: string) {
  let builder = tx.selectFrom(quotesWithNames(tx).as('q')).selectAll();
  const statuses = typeof query.status === 'string' ? query.status.split(',').filter(Boolean) : [];
  if (statuses.length > 0) {
    builder = builder.where(
      sql<boolean>`(${sql.join(
        statuses.map((s) => statusCondition(s, today)),
        sql` or `,
      )})`,
    );
  }
  return listPage(builder, {
    fields: quoteFields,
    query,
    defaultSort: '-createdAt',
    alias: 'q',
    search: quoteSearch(query.q),
  });
}

export async function quoteLines(tx: Db, quoteId: string) {
  return tx.selectFrom('quote_lines').selectAll().where('quote_id', '=', quoteId).orderBy('position').execute();
}

export async function insertQuote(tx: Db, values: Insertable<QuotesTable>) {
  await tx.insertInto('quotes').values(values).execute();
}

/** Replaces the lines of a quote with `lines` (positions 0…n−1). */
export async function replaceLines(tx: Db, quoteId: string, lines: Insertable<QuoteLinesTable>[]) {
  await tx.deleteFrom('quote_lines').where('quote_id', '=', quoteId).execute();
  if (lines.length > 0) await tx.insertInto('quote_lines').values(lines).execute();
}

/** The newest revision of a quote before `revision` that was issued. */
export async function previousRevision(tx: Db, rootId: string, revision: number) {
  return tx
    .selectFrom('quotes')
    .selectAll()
    .where('root_id', '=', rootId)
    .where('revision', '<', revision)
    .where('status', '<>', 'draft')
    .orderBy('revision', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** The highest revision of a quote and whether a draft of it is open. */
export async function revisionsOf(tx: Db, rootId: string) {
  return tx
    .selectFrom('quotes')
    .select([
      sql<number>`max(revision)`.as('last'),
      sql<boolean>`bool_or(status = 'draft' and deleted_at is null)`.as('draft_open'),
    ])
    .where('root_id', '=', rootId)
    .executeTakeFirstOrThrow();
}

/** Live products by id, for catalogue lines. */
export async function liveProducts(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('products').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
}

export async function salesSettingsRow(tx: Db) {
  return tx.selectFrom('sales_settings').selectAll().executeTakeFirst();
}

/** The customer facts a quote's defaults come from. */
export async function companyFacts(tx: Db, id: string) {
  return tx
    .selectFrom('companies')
    .select(['id', 'name', 'vat_id', 'addresses', 'deleted_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function contactFacts(tx: Db, id: string) {
  return tx
    .selectFrom('contacts')
    .select([
      'id',
      'salutation',
      'title',
      'first_name',
      'last_name',
      'addresses',
      'deleted_at',
      sql<string>`${personNameSql()}`.as('name'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function dealFacts(tx: Db, id: string) {
  return tx
    .selectFrom('deals')
    .select(['id', 'company_id', 'contact_id', 'pipeline_id', 'stage_id', 'status', 'deleted_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function userName(tx: Db, id: string | null) {
  if (!id) return null;
  const row = await tx.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}
