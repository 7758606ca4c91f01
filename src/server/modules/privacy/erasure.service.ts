// Erasure of a person (GDPR Art. 17), in one transaction, in one of two modes:
// - delete: the contact (and the trashed contacts merged into it) is removed with everything
//   only about them (activities, tasks, emails and appointments where they are the only party
//   of the CRM's records); entries shared with others lose the link to them and their name,
//   addresses and numbers in the text; deals, quotes and orders stay without the contact.
// - anonymise: the contact stays as "Anonymisiert" with no personal field, linked to its deals,
//   orders and figures (so revenue and reports do not change); the timeline stays, with the
//   person's name, addresses and numbers replaced in its text.
// Either way their email addresses and phone numbers go on the blocking list, derived and
// duplicated data goes (search words, duplicate candidates, merge and import undo data, unknown
// senders, bounces), the raw files of their mail go, and the audit log keeps its entries about
// them with every value replaced by a marker; one new entry says who erased whom, when and how.
// Sales documents (quote and order PDFs) stay: commercial law makes them retained records
// (HGB § 257, AO § 147; GDPR Art. 17(3)(b)), see docs/privacy.md.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { ErasureMode, ErasureReport } from '../../../contract/privacy.ts';
import { collectFiles, removeEmails } from '../emails/emails.service.ts';
import { dealSearchText } from '../deals/deals.service.ts';
import { blockValues } from './blocking.ts';
import * as repo from './erasure.repository.ts';

/** What an erased person is called, and what replaces their name in text. */
export const anonymousName = (locale: string) => (locale === 'en' ? 'Anonymised' : 'Anonymisiert');
const textMarker = (locale: string) => (locale === 'en' ? '[anonymised]' : '[anonymisiert]');

/** A literal for both PostgreSQL's and JavaScript's regular expressions: every non-letter escaped. */
const literal = (text: string) => text.replace(/[^\p{L}\p{N}\s]/gu, '\\$&').replace(/\s+/g, '\\s+');

/** An alternation of the texts (longest first, so that a full name goes as one), or '' for none. */
function patternOf(texts: Iterable<string>): string {
  const unique = [...new Set([...texts].map((t) => t.trim()).filter((t) => t.length >= 3))];
  unique.sort((a, b) => b.length - a.length);
  return unique.map(literal).join('|');
}

type Person = Awaited<ReturnType<typeof repo.personContacts>>;

/**
 * What tells the person apart: `strong` is safe to look for anywhere in the workspace (full
 * name, addresses, numbers); `broad` adds first and last name alone, for the records about them.
 */
function identifiersOf(person: Person) {
  const strong: string[] = [];
  const broad: string[] = [];
  const addresses = new Set<string>();
  const phones = new Set<string>();
  for (const c of person) {
    const first = c.first_name?.trim() ?? '';
    const last = c.last_name?.trim() ?? '';
    if (first && last) strong.push(`${first} ${last}`, `${last}, ${first}`, `${last} ${first}`);
    broad.push(first, last);
    for (const e of [...(c.emails ?? []).map((entry) => entry.email), ...(c.email_list ?? [])])
      addresses.add(e.toLowerCase());
    for (const p of c.phones ?? []) {
      phones.add(p.number);
      if (p.e164) phones.add(p.e164);
    }
    for (const p of c.phone_list ?? []) phones.add(p);
  }
  strong.push(...addresses, ...phones);
  return {
    addresses: [...addresses],
    phones: [...phones].filter((p) => p.startsWith('+')),
    strong: patternOf(strong),
    broad: patternOf([...strong, ...broad]),
  };
}

export interface ErasureOptions {
  mode: ErasureMode;
  /** Who asked: a user (API) or a retention rule (the job). */
  source: 'request' | 'retention';
  locale: string;
}

/**
 * Erases a contact in `tx` (a tenant transaction of its workspace); answers the report and the
 * files to collect once the transaction has committed.
 */
export async function eraseContactIn(
  tx: Db,
  ctx: AppContext,
  scope: { workspaceId: string; userId: string | null },
  contactId: string,
  options: ErasureOptions,
): Promise<{ report: ErasureReport; files: { removed: number; files: string[] } }> {
  const person = await repo.personContacts(tx, contactId);
  if (person.length === 0) throw notFound('contact');
  const ids = person.map((c) => c.id);
  const held = await repo.heldAmong(tx, 'contact', ids);
  if (held.length)
    throw conflict(`The contact is under a legal hold (${held[0].reason}); lift the hold to erase it.`, 'legal_hold');
  const { locale } = options;
  let mode = options.mode;
  if (mode === 'delete' && (await repo.ownSalesDocuments(tx, ids)) > 0) {
    // Orders and quotes of a private customer name only them, and commercial law keeps them.
    if (options.source !== 'retention')
      throw conflict(
        'The contact has orders or quotes of their own (without a company), which commercial law keeps; anonymise the contact instead.',
        'erasure_keeps_orders',
      );
    mode = 'anonymise';
  }
  const marker = textMarker(locale);
  const name = anonymousName(locale);
  const ident = identifiersOf(person);
  const report: ErasureReport = {
    mode,
    contacts: ids.length,
    activitiesDeleted: 0,
    activitiesKept: 0,
    tasksDeleted: 0,
    tasksKept: 0,
    emailsDeleted: 0,
    emailsKept: 0,
    blocked: 0,
  };
  await repo.auditOff(tx);

  report.blocked = await blockValues(
    tx,
    ctx.secrets,
    scope.workspaceId,
    [
      ...ident.addresses.map((value) => ({ kind: 'email' as const, value })),
      ...ident.phones.map((value) => ({ kind: 'phone' as const, value })),
    ],
    options.source === 'retention' ? 'retention' : 'erasure',
    scope.userId,
  );
  // Consents and a restriction are about the person too: the append-only consent history
  // gives way only to erasure (farley_erase_consents), and a restriction's reason may name them.
  for (const id of ids) await sql`select farley_erase_consents(${id}::uuid)`.execute(tx);
  await sql`update contacts set restricted_at = null, restricted_by = null, restriction_reason = null
    where id = any(${ids}::uuid[]) and restricted_at is not null`.execute(tx);
  const words = await repo.searchWordsOf(tx, ids);
  const activities = await repo.linkedItems(tx, 'activity', ids);
  const tasks = await repo.linkedItems(tx, 'task', ids);
  const activityIds = activities.map((a) => a.id);
  const taskIds = tasks.map((t) => t.id);
  const soloActivities = new Set(activities.filter((a) => a.solo).map((a) => a.id));
  const appointmentRows = activityIds.length
    ? await tx
        .selectFrom('activities')
        .select(['id', 'appointment_id'])
        .where('id', 'in', activityIds)
        .where('appointment_id', 'is not', null)
        .execute()
    : [];
  const appointmentIds = appointmentRows.map((a) => a.appointment_id as string);

  // Mail: gone where only about them (delete), otherwise kept without them and without its raw file.
  const emails = await repo.personEmails(tx, activityIds, ident.addresses);
  const deleteEmails = mode === 'delete' ? emails.filter((e) => e.only_them) : [];
  for (const e of deleteEmails) if (e.activity_id) soloActivities.add(e.activity_id);
  const removal = await removeEmails(
    tx,
    deleteEmails.map((e) => e.id),
  );
  report.emailsDeleted = removal.removed;
  const gone = new Set(deleteEmails.map((e) => e.id));
  const jsPattern = ident.broad ? new RegExp(ident.broad, 'gi') : null;
  const scrub = (text: string) => (jsPattern ? text.replace(jsPattern, marker) : text);
  const theirs = new Set(ident.addresses);
  const erasedMessageId = (messageId: string) =>
    jsPattern && new RegExp(ident.broad, 'i').test(messageId)
      ? `erased-${crypto.createHash('sha256').update(messageId).digest('hex').slice(0, 24)}@farley.invalid`
      : messageId;
  for (const e of emails.filter((row) => !gone.has(row.id))) {
    const fromThem = theirs.has(e.from_address.toLowerCase());
    const recipients = Object.fromEntries(
      Object.entries(e.recipients ?? {}).map(([kind, list]) => [
        kind,
        (list ?? []).filter((r) => !theirs.has(String(r.address).toLowerCase())),
      ]),
    );
    if (e.raw_sha256) removal.files.push(e.raw_sha256);
    // What they sent along (a CV, their documents) goes with them; what was sent to them stays.
    if (fromThem) {
      const attached = await tx
        .deleteFrom('email_attachments')
        .where('email_id', '=', e.id)
        .returning('sha256')
        .execute();
      removal.files.push(...attached.map((a) => a.sha256));
    }
    await tx
      .updateTable('emails')
      .set({
        from_address: fromThem ? '' : e.from_address,
        from_name: fromThem ? name : e.from_name && scrub(e.from_name),
        recipients: JSON.stringify(recipients),
        participants: e.participants.filter((a) => !theirs.has(a.toLowerCase())),
        bounced_addresses: e.bounced_addresses.filter((a) => !theirs.has(a.toLowerCase())),
        // A Message-ID often holds the sender's name or domain: one naming them becomes a hash of
        // itself, the same in every message that refers to it, so threads still hang together.
        message_id: erasedMessageId(e.message_id),
        in_reply_to: e.in_reply_to && erasedMessageId(e.in_reply_to),
        reference_ids: e.reference_ids.map(erasedMessageId),
        subject: scrub(e.subject),
        text_body: scrub(e.text_body),
        html_body: e.html_body && scrub(e.html_body),
        snippet: scrub(e.snippet),
        raw_sha256: null,
      })
      .where('id', '=', e.id)
      .execute();
    report.emailsKept++;
  }

  // Activities, tasks and appointments only about them go (delete); the others lose the link.
  if (mode === 'delete') {
    const soloAppointments = appointmentRows.filter((a) => soloActivities.has(a.id)).map((a) => a.appointment_id);
    if (soloAppointments.length)
      await tx
        .deleteFrom('appointments')
        .where('id', 'in', soloAppointments as string[])
        .execute();
    const solo = [...soloActivities];
    if (solo.length) await tx.deleteFrom('activities').where('id', 'in', solo).execute();
    const soloTasks = tasks.filter((t) => t.solo).map((t) => t.id);
    if (soloTasks.length) await tx.deleteFrom('tasks').where('id', 'in', soloTasks).execute();
    report.activitiesDeleted = solo.length;
    report.tasksDeleted = soloTasks.length;
    await tx.deleteFrom('activity_links').where('record_type', '=', 'contact').where('record_id', 'in', ids).execute();
    await tx.deleteFrom('task_links').where('record_type', '=', 'contact').where('record_id', 'in', ids).execute();
  }
  report.activitiesKept = activities.length - report.activitiesDeleted;
  report.tasksKept = tasks.length - report.tasksDeleted;

  // Their name, addresses and numbers out of the text that stays.
  if (ident.broad) {
    const inList = (list: string[]) => (list.length ? sql`id = any(${list}::uuid[])` : sql`false`);
    await repo.scrubColumns(tx, 'activities', ['subject', 'body', 'outcome'], ident.broad, marker, inList(activityIds));
    await repo.scrubColumns(tx, 'tasks', ['title', 'description'], ident.broad, marker, inList(taskIds));
    const appointments = inList(appointmentIds);
    await repo.scrubColumns(
      tx,
      'appointments',
      ['title', 'description', 'location'],
      ident.broad,
      marker,
      appointments,
    );
    await repo.scrubColumns(
      tx,
      'appointment_overrides',
      ['title', 'description', 'location'],
      ident.broad,
      marker,
      appointmentIds.length ? sql`appointment_id = any(${appointmentIds}::uuid[])` : sql`false`,
    );
    await repo.scrubColumns(
      tx,
      'notifications',
      ['title'],
      ident.broad,
      marker,
      sql`task_id = any(${taskIds}::uuid[]) or appointment_id = any(${appointmentIds}::uuid[])`,
    );
    await repo.scrubColumns(
      tx,
      'quotes',
      ['subject', 'introduction', 'closing', 'customer_reference'],
      ident.broad,
      marker,
      sql`contact_id = any(${ids}::uuid[])`,
    );
  }
  if (ident.strong) {
    for (const [table, columns] of [
      ['activities', ['subject', 'body', 'outcome']],
      ['tasks', ['title', 'description']],
      ['notifications', ['title']],
      ['appointments', ['title', 'description', 'location']],
      ['mail_sync_log', ['message']],
    ] as const)
      await repo.scrubColumns(tx, table, [...columns], ident.strong, marker, sql`true`);
    await sql`update imports set errors = regexp_replace(errors::text, ${ident.strong}, ${marker}, 'gi')::jsonb
      where errors::text ~* ${ident.strong}`.execute(tx);
    await sql`delete from appointment_attendees where lower(email) = any(${ident.addresses}::text[]) and contact_id is null`.execute(
      tx,
    );
  }
  await scrubDeals(tx, ids, ident, marker);
  const idsOf = async (table: 'deals' | 'quotes' | 'orders') =>
    (await tx.selectFrom(table).select('id').where('contact_id', 'in', ids).execute()).map((r) => r.id);
  const [dealIds, quoteIds, orderIds] = [await idsOf('deals'), await idsOf('quotes'), await idsOf('orders')];

  await repo.removeSideData(tx, ids, ident.addresses);
  const affiliations = await repo.affiliationIds(tx, ids);
  if (mode === 'delete') {
    await repo.unlinkBusinessRecords(tx, ids);
    await repo.deleteContacts(tx, ids);
  } else {
    await repo.anonymiseContacts(tx, ids, name);
  }
  await repo.dropUnusedWords(tx, scope.workspaceId, words);
  await repo.scrubAudit(
    tx,
    [
      { type: 'contact', ids },
      { type: 'affiliation', ids: affiliations },
    ],
    [
      { type: 'activity', ids: activityIds },
      { type: 'task', ids: taskIds },
      { type: 'deal', ids: dealIds },
      { type: 'quote', ids: quoteIds },
      { type: 'order', ids: orderIds },
    ],
    { broad: ident.broad, strong: ident.strong },
    marker,
  );
  await repo.auditOn(tx);
  await repo.writeAudit(tx, {
    workspaceId: scope.workspaceId,
    actorId: scope.userId,
    recordType: 'contact',
    recordId: contactId,
    action: mode === 'delete' ? 'delete' : 'update',
    changes: { erasure: [null, `${mode} (${options.source})`] },
  });
  return { report, files: removal };
}

/** Deal titles naming the person: theirs by any of their names, others' by full name only. */
async function scrubDeals(tx: Db, ids: string[], ident: ReturnType<typeof identifiersOf>, marker: string) {
  if (!ident.broad) return;
  const deals = await sql<{ id: string; title: string; tags: string[]; own: boolean }>`
    select id, title, tags, contact_id = any(${ids}::uuid[]) as own from deals
     where (contact_id = any(${ids}::uuid[]) and title ~* ${ident.broad})
        or (${ident.strong} <> '' and title ~* ${ident.strong || 'x^'})`.execute(tx);
  for (const deal of deals.rows) {
    const pattern = new RegExp(deal.own ? ident.broad : ident.strong, 'gi');
    const title = deal.title.replace(pattern, marker);
    await tx
      .updateTable('deals')
      .set({ title, search_text: dealSearchText({ title, tags: deal.tags }) })
      .where('id', '=', deal.id)
      .execute();
  }
}

export function erasureService(ctx: AppContext) {
  return {
    /** Erases a contact on request (the contact page, the API). */
    erase: async (actor: Actor, contactId: string, mode: ErasureMode): Promise<ErasureReport> => {
      const { report, files } = await inTenant(ctx.db.app, actor, async (tx) => {
        const user = await tx.selectFrom('users').select('locale').where('id', '=', actor.userId).executeTakeFirst();
        return eraseContactIn(tx, ctx, actor, contactId, { mode, source: 'request', locale: user?.locale ?? 'de' });
      });
      await collectFiles(ctx, files);
      return report;
    },
  };
}
