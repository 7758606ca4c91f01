// Quotes: drafts with lines from the catalogue or free text, their exact totals (the shared
// computeSalesTotals), and the life cycle draft → sent → accepted / declined (expired when read
// past the validity date), with revisions. docs/sales.md ("Quotes") tells the rules for users.
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { ZodError } from 'zod';
import type {
  Quote,
  QuoteAccept,
  QuoteCreate,
  QuoteDecline,
  QuoteLineInput,
  QuotePatch,
  SalesSettings,
  SalesSettingsPatch,
} from '../../../contract/quotes.ts';
import { maxQuoteLines } from '../../../contract/quotes.ts';
import {
  computeSalesTotals,
  normalVatRate,
  type SalesTotals,
  type SalesTotalsInput,
  salesDocumentInput,
  type TaxTreatment,
  vatRatesFor,
} from '../../../contract/sales/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { QuoteLinesTable, QuotesTable } from '../../platform/db/schema.ts';
import { assertExists, newId, restore, updateLive } from '../../platform/db/records.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError, type FieldError, inTrash, invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import type { Row } from '../../platform/presenting.ts';
import { activityLinks, insertActivity, touchLinkedRecords } from '../activities/activities.repository.ts';
import { addLink } from '../../platform/db/links.ts';
import { nextNumber, workspaceTimeZone } from '../numbering/index.ts';
import { firstStage } from '../pipelines/pipelines.repository.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { ensureQuotePdf } from '../salesDocuments/index.ts';
import { presentQuote } from './quotes.presenter.ts';
import * as repo from './quotes.repository.ts';
import {
  addDays,
  addressCountry,
  dayIn,
  defaultLanguage,
  defaultUnitPrice,
  derivedTaxTreatment,
  printedNumber,
  statusAsRead,
  treatmentAllowed,
} from './quotes.rules.ts';

const today = () => dayIn(new Date(), workspaceTimeZone);

// ---------------------------------------------------------------------------------------------
// Sales settings

const settingsDefaults = { small_business: false, quote_validity_days: 30, quote_terms: null, quote_closing: null };

export async function salesSettingsOf(tx: Db) {
  return (await repo.salesSettingsRow(tx)) ?? { ...settingsDefaults, version: 0 };
}

function presentSettings(row: Awaited<ReturnType<typeof salesSettingsOf>>): SalesSettings {
  return {
    smallBusiness: row.small_business,
    quoteValidityDays: row.quote_validity_days,
    quoteTerms: row.quote_terms,
    quoteClosing: row.quote_closing,
    version: row.version,
  };
}

export function salesSettingsService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    get: (actor: Actor) => inTenant(db, actor, async (tx) => presentSettings(await salesSettingsOf(tx))),
    update: (actor: Actor, patch: SalesSettingsPatch) =>
      inTenant(db, actor, async (tx) => {
        const values = {
          ...(patch.smallBusiness !== undefined && { small_business: patch.smallBusiness }),
          ...(patch.quoteValidityDays !== undefined && { quote_validity_days: patch.quoteValidityDays }),
          ...(patch.quoteTerms !== undefined && { quote_terms: patch.quoteTerms }),
          ...(patch.quoteClosing !== undefined && { quote_closing: patch.quoteClosing }),
        };
        await tx
          .insertInto('sales_settings')
          .values({ workspace_id: actor.workspaceId, ...values })
          .onConflict((oc) =>
            oc
              .column('workspace_id')
              .doUpdateSet({ ...values, version: sql`sales_settings.version + 1`, updated_at: sql`now()` }),
          )
          .execute();
        return presentSettings(await salesSettingsOf(tx));
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Drafts: what a write stores, checked

const wrongStatus = (action: string, status: string) =>
  new AppError(
    'conflict',
    `A quote that is ${status} cannot be ${action}.`,
    undefined,
    undefined,
    'quote_wrong_status',
  );
const notDraft = (status: string) =>
  new AppError(
    'conflict',
    `Only a draft changes; this quote is ${status}. Revise it to change it.`,
    undefined,
    undefined,
    'quote_not_draft',
  );

type LineValues = Omit<Insertable<QuoteLinesTable>, 'workspace_id' | 'quote_id' | 'position'>;

/** A stored line as the totals computation takes it. */
function totalsLine(line: LineValues): SalesTotalsInput['lines'][number] {
  // The text goes along for the input rules (salesDocumentInput), the totals ignore it.
  const textLine = { kind: line.kind, text: line.text ?? '' };
  if (line.kind !== 'item') return textLine as SalesTotalsInput['lines'][number];
  return {
    kind: 'item',
    quantity: String(line.quantity),
    unitPrice: String(line.unit_price),
    discount: line.discount_kind ? { kind: line.discount_kind, value: String(line.discount_value) } : null,
    vatRate: String(line.vat_rate),
    optional: line.optional ?? false,
  };
}

/** Zod's issues as field errors, paths dotted (`lines.3.quantity`). */
function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** The lines as given, with what their products fill in; 422 for an unknown product or a nameless line. */
async function resolveLines(
  tx: Db,
  lines: QuoteLineInput[],
  customer: { companyId: string | null; contactId: string | null; date: string },
  currency: string,
): Promise<LineValues[]> {
  if (lines.length > maxQuoteLines)
    throw invalid([{ path: 'lines', code: 'too_many', message: `at most ${maxQuoteLines} lines` }]);
  const ids = lines.flatMap((line) => (line.kind === 'item' && line.productId ? [line.productId] : []));
  const products = new Map((await repo.liveProducts(tx, [...new Set(ids)])).map((p) => [p.id, p]));
  const errors: FieldError[] = [];
  const resolved: LineValues[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.kind !== 'item') {
      resolved.push({ kind: line.kind, text: line.text });
      continue;
    }
    const product = line.productId ? products.get(line.productId) : undefined;
    if (line.productId && !product) {
      errors.push({
        path: `lines.${index}.productId`,
        code: 'not_found',
        message: `no live product ${line.productId}`,
      });
      continue;
    }
    let unitPrice = line.unitPrice;
    if (unitPrice === undefined && product) {
      const price = await defaultUnitPrice(tx, {
        product: { id: product.id, listPrice: product.list_price },
        ...customer,
        currency,
        quantity: line.quantity,
      });
      if (price.currency !== currency) {
        errors.push({
          path: `lines.${index}.unitPrice`,
          code: 'required',
          message: `the product is priced in ${price.currency}; give the price in ${currency}`,
        });
        continue;
      }
      unitPrice = price.unitPrice;
    }
    const name = line.name ?? product?.name;
    if (!name) {
      errors.push({ path: `lines.${index}.name`, code: 'required', message: 'a line without a product needs a name' });
      continue;
    }
    if (unitPrice === undefined) {
      errors.push({
        path: `lines.${index}.unitPrice`,
        code: 'required',
        message: 'a line without a product needs a price',
      });
      continue;
    }
    const vatRate = line.vatRate ?? (product ? normalVatRate(product.vat_rate) : undefined);
    if (vatRate === undefined) {
      errors.push({
        path: `lines.${index}.vatRate`,
        code: 'required',
        message: 'a line without a product needs a VAT rate',
      });
      continue;
    }
    resolved.push({
      kind: 'item',
      product_id: product?.id ?? null,
      sku: line.sku !== undefined ? line.sku : (product?.sku ?? null),
      name,
      description: line.description !== undefined ? line.description : (product?.description ?? null),
      quantity: line.quantity,
      unit: line.unit !== undefined ? line.unit : (product?.unit ?? null),
      unit_price: unitPrice,
      discount_kind: line.discount?.kind ?? null,
      discount_value: line.discount?.value ?? null,
      vat_rate: vatRate,
      optional: line.optional ?? false,
    });
  }
  if (errors.length > 0) throw invalid(errors);
  return resolved;
}

function storedLines(rows: repo.QuoteLineRow[]): LineValues[] {
  return rows.map(({ workspace_id, quote_id, position, ...line }) => line);
}

/** The totals of a document, or 422 with the fields that break the rules (nothing is written then). */
function checkedTotals(document: SalesTotalsInput, vatRates: string[]): SalesTotals {
  const parsed = salesDocumentInput({ allowNegative: false, vatRates }).safeParse(document);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  return computeSalesTotals(document);
}

type Draft = {
  values: Omit<Insertable<QuotesTable>, 'workspace_id' | 'id' | 'root_id'>;
  lines: LineValues[];
  totals: SalesTotals;
};

/**
 * What a create or change of a draft stores: the fields merged with the current draft, the
 * defaults from the customer and the workspace, the lines resolved, and the totals — all
 * checked before anything is written.
 */
async function draftOf(tx: Db, actor: Actor, input: QuotePatch, current: repo.QuoteRow | null): Promise<Draft> {
  const workspace = await workspaceSettings(tx, actor.workspaceId);
  const settings = await salesSettingsOf(tx);
  let companyId = input.companyId !== undefined ? input.companyId : (current?.company_id ?? null);
  let contactId = input.contactId !== undefined ? input.contactId : (current?.contact_id ?? null);
  const dealId = input.dealId !== undefined ? input.dealId : (current?.deal_id ?? null);
  await assertExists(tx, 'companies', [input.companyId], 'companyId');
  await assertExists(tx, 'contacts', [input.contactId], 'contactId');
  await assertExists(tx, 'deals', [input.dealId], 'dealId');
  await assertExists(tx, 'users', [input.ownerId], 'ownerId');
  if (dealId && !companyId && !contactId) {
    const deal = await repo.dealFacts(tx, dealId);
    companyId = deal?.company_id ?? null;
    contactId = deal?.contact_id ?? null;
  }
  if (!companyId && !contactId)
    throw invalid([{ path: 'companyId', code: 'required', message: 'a quote needs a company or a contact' }]);
  const company = companyId ? await repo.companyFacts(tx, companyId) : undefined;
  const contact = contactId ? await repo.contactFacts(tx, contactId) : undefined;
  const customerChanged = !current || companyId !== current.company_id || contactId !== current.contact_id;

  const country = addressCountry(company?.addresses) ?? addressCountry(contact?.addresses) ?? null;
  const language = input.language ?? (customerChanged || !current ? defaultLanguage(country) : current.language);
  const derived = derivedTaxTreatment({
    smallBusiness: settings.small_business,
    workspaceCountry: workspace.defaultCountry,
    companyVatId: company?.vat_id ?? null,
  });
  let taxTreatment: TaxTreatment = input.taxTreatment ?? (customerChanged ? derived : current!.tax_treatment);
  if (input.taxTreatment && !treatmentAllowed(input.taxTreatment, derived)) {
    throw invalid([
      {
        path: 'taxTreatment',
        code: 'invalid_choice',
        message:
          derived === 'smallBusiness'
            ? 'the workspace is a small business (§ 19 UStG): its quotes carry no VAT'
            : 'reverse charge needs a company customer with a VAT ID of another EU country',
      },
    ]);
  }
  if (!treatmentAllowed(taxTreatment, derived)) taxTreatment = derived;

  const currency = input.currency ?? current?.currency.trim() ?? workspace.defaultCurrency;
  const pricesEntered = input.pricesEntered ?? current?.prices_entered ?? 'net';
  const discount =
    input.discount !== undefined
      ? input.discount
      : current?.discount_kind
        ? { kind: current.discount_kind, value: String(current.discount_value) }
        : null;
  const quoteDate = input.quoteDate ?? current?.quote_date ?? today();
  const lines = input.lines
    ? await resolveLines(tx, input.lines, { companyId, contactId, date: quoteDate }, currency)
    : current
      ? storedLines(await repo.quoteLines(tx, current.id))
      : [];
  const totals = checkedTotals(
    { currency, pricesEntered, taxTreatment, discount, lines: lines.map(totalsLine) },
    vatRatesFor(workspace.defaultCountry),
  );

  const validUntil =
    input.validUntil ??
    (current && !input.quoteDate ? current.valid_until : addDays(quoteDate, settings.quote_validity_days));
  if (validUntil < quoteDate)
    throw invalid([{ path: 'validUntil', code: 'too_small', message: 'must not be before the quote date' }]);

  return {
    values: {
      company_id: companyId,
      contact_id: contactId,
      deal_id: dealId,
      language,
      currency,
      prices_entered: pricesEntered,
      tax_treatment: taxTreatment,
      quote_date: quoteDate,
      valid_until: validUntil,
      subject: input.subject ?? current!.subject,
      introduction: input.introduction !== undefined ? input.introduction : (current?.introduction ?? null),
      terms: input.terms !== undefined ? input.terms : current ? current.terms : settings.quote_terms,
      closing: input.closing !== undefined ? input.closing : current ? current.closing : settings.quote_closing,
      customer_reference:
        input.customerReference !== undefined ? input.customerReference : (current?.customer_reference ?? null),
      discount_kind: discount?.kind ?? null,
      discount_value: discount?.value ?? null,
      owner_id: input.ownerId !== undefined ? input.ownerId : current ? current.owner_id : actor.userId,
      ...totalColumns(totals),
    },
    lines,
    totals,
  };
}

function totalColumns(totals: SalesTotals) {
  return {
    net_total: totals.netTotal,
    vat_total: totals.vatTotal,
    gross_total: totals.grossTotal,
    totals: JSON.stringify(totals),
  };
}

async function writeLines(tx: Db, actor: Actor, quoteId: string, lines: LineValues[]) {
  await repo.replaceLines(
    tx,
    quoteId,
    lines.map((line, position) => ({ ...line, workspace_id: actor.workspaceId, quote_id: quoteId, position })),
  );
}

/** The totals of a stored quote: live for a draft, as frozen at issue for the others. */
function totalsOf(row: Row<'quotes'>, lines: repo.QuoteLineRow[]): SalesTotals {
  if (row.status !== 'draft') return row.totals as SalesTotals;
  return computeSalesTotals({
    currency: row.currency.trim(),
    pricesEntered: row.prices_entered,
    taxTreatment: row.tax_treatment,
    discount: row.discount_kind ? { kind: row.discount_kind, value: String(row.discount_value) } : null,
    lines: storedLines(lines).map(totalsLine),
  });
}

/** A quote as the API shows it, with lines and totals. */
export async function shownQuote(tx: Db, id: string): Promise<Quote> {
  const row = await repo.findQuote(tx, id);
  if (!row) throw notFound('quote');
  const lines = await repo.quoteLines(tx, id);
  return presentQuote(row, today(), { lines, totals: totalsOf(row, lines) });
}

/** A live quote, locked, or 404 (`in_trash` for a trashed draft). */
async function lockedLive(tx: Db, id: string) {
  const row = await repo.lockQuote(tx, id);
  if (!row) throw notFound('quote');
  if (row.deleted_at) throw inTrash('quote');
  return row;
}

function checkVersion(row: { version: number }, expected: number | undefined) {
  if (expected !== undefined && row.version !== expected)
    throw new AppError('precondition_failed', 'The record was changed by someone else. Load it again and retry.');
}

/** A live quote, locked, at the version expected, in one of the statuses an action starts from (409 otherwise). */
async function lockedFor(
  tx: Db,
  id: string,
  version: number | undefined,
  action: string,
  from: readonly Row<'quotes'>['status'][],
) {
  const row = await lockedLive(tx, id);
  checkVersion(row, version);
  if (!from.includes(row.status)) throw wrongStatus(action, statusAsRead(row.status, row.valid_until, today()));
  return row;
}

const revisionOpen = () =>
  new AppError(
    'conflict',
    'A draft revision of this quote is open already; issue or trash it first.',
    undefined,
    undefined,
    'quote_revision_open',
  );

// ---------------------------------------------------------------------------------------------
// Actions

/** The timeline entry of a sent quote, linked to its company, contact and deal. */
async function recordSent(tx: Db, actor: Actor, row: Row<'quotes'>, at: Date) {
  const number = printedNumber(row.number, row.revision);
  const subject = row.language === 'de' ? `Angebot ${number} versendet` : `Quote ${number} sent`;
  const activity = await insertActivity(tx, {
    workspace_id: actor.workspaceId,
    id: newId(),
    type: 'email',
    direction: 'outbound',
    subject,
    body: row.subject,
    occurred_at: at,
    author_id: actor.userId,
  });
  const links = { companyIds: [] as string[], contactIds: [] as string[], dealIds: [] as string[] };
  const targets = [
    ['company', row.company_id, links.companyIds],
    ['contact', row.contact_id, links.contactIds],
    ['deal', row.deal_id, links.dealIds],
  ] as const;
  for (const [type, id, list] of targets) {
    if (!id) continue;
    await addLink(tx, activityLinks, actor.workspaceId, activity.id, type, id, { occurred_at: at });
    list.push(id);
  }
  await touchLinkedRecords(tx, links, at);
}

/** Moves the deal to its pipeline's first won stage with `amount`, as the deals module would. */
async function winDeal(tx: Db, actor: Actor, dealId: string, amount: string, currency: string) {
  const deal = await tx.selectFrom('deals').selectAll().where('id', '=', dealId).forUpdate().executeTakeFirst();
  if (!deal || deal.deleted_at)
    throw invalid([{ path: 'winDeal', code: 'not_found', message: "the quote's deal is in the trash or gone" }]);
  const stage = deal.status === 'won' ? { id: deal.stage_id } : await firstStage(tx, deal.pipeline_id, 'won');
  if (!stage) throw invalid([{ path: 'winDeal', message: "the deal's pipeline has no won stage" }]);
  const moved = stage.id !== deal.stage_id;
  await updateLive(
    tx,
    'deals',
    dealId,
    {
      amount,
      currency,
      ...(moved && {
        stage_id: stage.id,
        status: 'won' as const,
        stage_entered_at: sql`now()`,
        closed_at: sql`now()`,
        probability: null,
        lost_reason: null,
        lost_reason_id: null,
      }),
    },
    undefined,
    'deal',
  );
  if (moved)
    await tx
      .insertInto('deal_stage_changes')
      .values({
        workspace_id: actor.workspaceId,
        id: newId(),
        deal_id: dealId,
        from_stage_id: deal.stage_id,
        to_stage_id: stage.id,
        changed_by: actor.userId,
      })
      .execute();
}

export interface QuoteService extends RecordService<Quote, QuoteCreate, QuotePatch> {
  issue(actor: Actor, id: string, version: number | undefined): Promise<Quote>;
  revise(actor: Actor, id: string, version: number | undefined): Promise<Quote>;
  accept(actor: Actor, id: string, input: QuoteAccept, version: number | undefined): Promise<Quote>;
  decline(actor: Actor, id: string, input: QuoteDecline, version: number | undefined): Promise<Quote>;
}

/** Issues a draft in `tx`: see QuoteService.issue. */
export async function issueQuote(tx: Db, actor: Actor, id: string, version?: number): Promise<void> {
  const row = await lockedFor(tx, id, version, 'issued', ['draft']);
  const lines = await repo.quoteLines(tx, id);
  if (!lines.some((line) => line.kind === 'item'))
    throw invalid([{ path: 'lines', code: 'too_few', message: 'a quote needs at least one item to be issued' }]);
  const totals = totalsOf(row, lines);
  let number = row.number;
  if (row.revision === 1) {
    number = (await nextNumber(tx, { workspaceId: actor.workspaceId, kind: 'quote', date: row.quote_date })).number;
  } else {
    const previous = await repo.previousRevision(tx, row.root_id, row.revision);
    if (previous && previous.status !== 'sent' && previous.status !== 'declined')
      throw wrongStatus('revised', statusAsRead(previous.status, previous.valid_until, today()));
    if (previous) await updateLive(tx, 'quotes', previous.id, { status: 'superseded' }, undefined, 'quote');
  }
  const at = new Date();
  await updateLive(
    tx,
    'quotes',
    id,
    { number, status: 'sent', issued_at: at, sent_at: at, ...totalColumns(totals) },
    undefined,
    'quote',
  );
  await recordSent(tx, actor, { ...row, number }, at);
}

export function quoteService(ctx: AppContext): QuoteService {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const day = today();
        const page = await repo.listQuotes(tx, query, day);
        return { data: page.rows.map((row) => presentQuote(row, day)), nextCursor: page.nextCursor };
      }),

    get: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const quote = await shownQuote(tx, id);
        if (quote.deletedAt) throw inTrash('quote');
        return quote;
      }),

    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const draft = await draftOf(tx, actor, input, null);
        const id = newId();
        await repo.insertQuote(tx, { ...draft.values, workspace_id: actor.workspaceId, id, root_id: id });
        await writeLines(tx, actor, id, draft.lines);
        return shownQuote(tx, id);
      }),

    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const row = await lockedLive(tx, id);
        if (row.status !== 'draft') throw notDraft(statusAsRead(row.status, row.valid_until, today()));
        checkVersion(row, version);
        const current = (await repo.findQuote(tx, id))!;
        const draft = await draftOf(tx, actor, patch, current);
        await updateLive(tx, 'quotes', id, draft.values, version, 'quote');
        if (patch.lines) await writeLines(tx, actor, id, draft.lines);
        return shownQuote(tx, id);
      }),

    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        const row = await lockedLive(tx, id);
        if (row.status !== 'draft') throw notDraft(statusAsRead(row.status, row.valid_until, today()));
        await updateLive(tx, 'quotes', id, { deleted_at: sql`now()` }, version, 'quote');
      }),

    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const row = await repo.lockQuote(tx, id);
        if (row?.deleted_at && (await repo.revisionsOf(tx, row.root_id)).draft_open) throw revisionOpen();
        await restore(tx, 'quotes', id, 'quote');
        return shownQuote(tx, id);
      }),

    issue: async (actor, id, version) => {
      const issued = await inTenant(db, actor, async (tx) => {
        await issueQuote(tx, actor, id, version);
        return shownQuote(tx, id);
      });
      // The PDF is printed once the number is committed (see salesDocuments/documents.files.ts);
      // a failure here is retried by the first download, which reports it.
      await inTenant(db, actor, (tx) => ensureQuotePdf(tx, actor.workspaceId, id)).catch(() => undefined);
      return issued;
    },

    revise: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        const row = await lockedFor(tx, id, version, 'revised', ['sent', 'declined']);
        const revisions = await repo.revisionsOf(tx, row.root_id);
        if (revisions.draft_open) throw revisionOpen();
        const settings = await salesSettingsOf(tx);
        const day = today();
        const newIdValue = newId();
        const {
          id: _id,
          version: _version,
          created_at: _created,
          updated_at: _updated,
          deleted_at: _deleted,
          ...copied
        } = row;
        await repo.insertQuote(tx, {
          ...copied,
          id: newIdValue,
          revision: revisions.last + 1,
          status: 'draft',
          quote_date: day,
          valid_until: addDays(day, settings.quote_validity_days),
          issued_at: null,
          sent_at: null,
          decided_at: null,
          decline_reason: null,
          totals: JSON.stringify(row.totals),
        });
        await writeLines(tx, actor, newIdValue, storedLines(await repo.quoteLines(tx, id)));
        return shownQuote(tx, newIdValue);
      }),

    accept: (actor, id, input, version) =>
      inTenant(db, actor, async (tx) => {
        const row = await lockedFor(tx, id, version, 'accepted', ['sent']);
        if (input.winDeal) {
          if (!row.deal_id)
            throw invalid([{ path: 'winDeal', code: 'invalid', message: 'the quote belongs to no deal' }]);
          await winDeal(tx, actor, row.deal_id, row.net_total, row.currency.trim());
        }
        await updateLive(tx, 'quotes', id, { status: 'accepted', decided_at: sql`now()` }, undefined, 'quote');
        return shownQuote(tx, id);
      }),

    decline: (actor, id, input, version) =>
      inTenant(db, actor, async (tx) => {
        await lockedFor(tx, id, version, 'declined', ['sent']);
        await updateLive(
          tx,
          'quotes',
          id,
          { status: 'declined', decided_at: sql`now()`, decline_reason: input.reason ?? null },
          undefined,
          'quote',
        );
        return shownQuote(tx, id);
      }),
  };
}
