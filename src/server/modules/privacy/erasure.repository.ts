// SQL of erasure (GDPR Art. 17): finding everything stored about a person, and removing or
// overwriting it. Every statement runs in the erasing transaction with the audit trigger off
// (the trigger would copy the values being erased into new audit entries); erasure.service.ts
// writes one entry of its own, without personal data.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/** The contact and the contacts merged into it (trashed duplicates that hold the same person's data). */
export async function personContacts(tx: Db, contactId: string) {
  const { rows } = await sql<{
    id: string;
    first_name: string | null;
    last_name: string;
    emails: Array<{ email: string }>;
    phones: Array<{ number: string; e164: string | null }>;
    email_list: string[];
    phone_list: string[];
    external_id: string | null;
  }>`
    with recursive person (id) as (
      select id from contacts where id = ${contactId}
      union
      select c.id from contacts c join person p on c.merged_into_id = p.id
    )
    select c.id, c.first_name, c.last_name, c.emails, c.phones, c.email_list, c.phone_list, c.external_id
      from contacts c join person using (id)`.execute(tx);
  return rows;
}

export async function heldAmong(tx: Db, recordType: 'contact' | 'company' | 'deal', ids: string[]) {
  return tx
    .selectFrom('legal_holds')
    .select(['record_id', 'reason'])
    .where('record_type', '=', recordType)
    .where('record_id', 'in', ids)
    .execute();
}

export async function auditOff(tx: Db) {
  await sql`select set_config('farley.audit', 'off', true)`.execute(tx);
}
export async function auditOn(tx: Db) {
  await sql`select set_config('farley.audit', '', true)`.execute(tx);
}

/**
 * Activities or tasks linked to the person: `solo` when the person's contacts are all they
 * are linked to (they are only about the person), else `shared`.
 */
export async function linkedItems(tx: Db, kind: 'activity' | 'task', ids: string[]) {
  const links = kind === 'activity' ? sql.raw('activity_links') : sql.raw('task_links');
  const column = kind === 'activity' ? sql.raw('activity_id') : sql.raw('task_id');
  const { rows } = await sql<{ id: string; solo: boolean }>`
    select l.${column} as id,
      not exists (
        select from ${links} o where o.${column} = l.${column}
          and not (o.record_type = 'contact' and o.record_id = any(${ids}::uuid[]))
      ) as solo
    from ${links} l
    where l.record_type = 'contact' and l.record_id = any(${ids}::uuid[])
    group by l.${column}`.execute(tx);
  return rows;
}

/** The emails behind activities, and those the person's addresses took part in. */
export async function personEmails(tx: Db, activityIds: string[], addresses: string[]) {
  const { rows } = await sql<{
    id: string;
    activity_id: string | null;
    from_address: string;
    from_name: string | null;
    recipients: Record<string, Array<{ address: string; name?: string | null }>>;
    participants: string[];
    subject: string;
    text_body: string;
    html_body: string | null;
    snippet: string;
    raw_sha256: string | null;
    bounced_addresses: string[];
    message_id: string;
    in_reply_to: string | null;
    reference_ids: string[];
    only_them: boolean;
  }>`
    select e.id,
      -- Only between them and the workspace: every other party is a mailbox or a user of it.
      not exists (
        select from unnest(e.participants) p
         where lower(p) <> all(${addresses}::text[])
           and lower(p) not in (select lower(address) from mailboxes)
           and lower(p) not in (select lower(email::text) from users)
      ) as only_them, a.id as activity_id, e.message_id, e.in_reply_to, e.reference_ids, e.from_address, e.from_name, e.recipients, e.participants, e.subject,
           e.text_body, e.html_body, e.snippet, e.raw_sha256, e.bounced_addresses
      from emails e left join activities a on a.email_id = e.id
     where a.id = any(${activityIds}::uuid[]) or e.participants && ${addresses}::text[]`.execute(tx);
  return rows;
}

/** Replaces the person's identifiers (a regular expression) in text columns of some rows. */
export async function scrubColumns(
  tx: Db,
  table: string,
  columns: string[],
  pattern: string,
  marker: string,
  where: ReturnType<typeof sql>,
) {
  const sets = columns.map(
    (column) => sql`${sql.ref(column)} = regexp_replace(${sql.ref(column)}, ${pattern}, ${marker}, 'gi')`,
  );
  const matches = columns.map((column) => sql`${sql.ref(column)} ~* ${pattern}`);
  await sql`update ${sql.table(table)} set ${sql.join(sets)} where (${where}) and (${sql.join(matches, sql` or `)})`.execute(
    tx,
  );
}

/**
 * Audit entries: every value of the person's own records' entries (`own`) becomes the marker;
 * in the entries of records about them (`about`) each value naming them (`broad`) does; and
 * anywhere in the log each value holding a strong identifier (full name, email, phone). The
 * field names stay, so the log still shows what was changed when and by whom.
 */
export async function scrubAudit(
  tx: Db,
  own: Array<{ type: string; ids: string[] }>,
  about: Array<{ type: string; ids: string[] }>,
  patterns: { broad: string; strong: string },
  marker: string,
) {
  const erased = sql`(select coalesce(jsonb_object_agg(key, (
      select jsonb_agg(case when v = 'null'::jsonb then v else to_jsonb(${marker}::text) end) from jsonb_array_elements(value) v)), '{}')
    from jsonb_each(changes))`;
  const replaced = (pattern: string) => sql`(
      select coalesce(jsonb_object_agg(key, case when value::text ~* ${pattern} then (
        select jsonb_agg(case when v::text ~* ${pattern} then to_jsonb(${marker}::text) else v end) from jsonb_array_elements(value) v)
        else value end), '{}') from jsonb_each(changes))`;
  for (const { type, ids } of own) {
    if (ids.length === 0) continue;
    await sql`update audit_log set changes = ${erased}
      where record_type = ${type} and record_id = any(${ids}::uuid[]) and not changes ? 'erasure'`.execute(tx);
  }
  if (patterns.broad)
    for (const { type, ids } of about) {
      if (ids.length === 0) continue;
      await sql`update audit_log set changes = ${replaced(patterns.broad)}
        where record_type = ${type} and record_id = any(${ids}::uuid[]) and changes::text ~* ${patterns.broad}`.execute(
        tx,
      );
    }
  if (patterns.strong)
    await sql`update audit_log set changes = ${replaced(patterns.strong)} where changes::text ~* ${patterns.strong}`.execute(
      tx,
    );
}

/** Words of the workspace's search dictionary that no record uses any more. */
export async function dropUnusedWords(tx: Db, workspaceId: string, words: string[]) {
  if (words.length === 0) return;
  await sql`delete from search_words w where w.workspace_id = ${workspaceId} and w.word = any(${words}::text[])
    and not exists (select from contacts c where c.workspace_id = ${workspaceId} and c.search_words @> array[w.word])
    and not exists (select from companies c where c.workspace_id = ${workspaceId} and c.search_words @> array[w.word])
    and not exists (select from deals d where d.workspace_id = ${workspaceId} and d.search_words @> array[w.word])`.execute(
    tx,
  );
}

export async function searchWordsOf(tx: Db, ids: string[]): Promise<string[]> {
  const { rows } = await sql<{ word: string }>`
    select distinct unnest(search_words) as word from contacts where id = any(${ids}::uuid[])`.execute(tx);
  return rows.map((row) => row.word);
}

/** What only concerns the person and goes in either mode: derived, duplicated or kept for undo. */
export async function removeSideData(tx: Db, ids: string[], addresses: string[]) {
  await sql`delete from duplicate_pairs where type = 'contacts' and (a_id = any(${ids}::uuid[]) or b_id = any(${ids}::uuid[]))`.execute(
    tx,
  );
  await sql`delete from merges where type = 'contacts' and (survivor_id = any(${ids}::uuid[]) or merged_ids && ${ids}::uuid[])`.execute(
    tx,
  );
  await sql`delete from import_records where record_type = 'contact' and record_id = any(${ids}::uuid[])`.execute(tx);
  await sql`delete from recent_views where record_type = 'contact' and record_id = any(${ids}::uuid[])`.execute(tx);
  if (addresses.length) {
    await sql`delete from email_unknown_senders where lower(address) = any(${addresses}::text[])`.execute(tx);
    await sql`delete from email_bounces where lower(address) = any(${addresses}::text[])`.execute(tx);
    await sql`delete from email_exclusions where kind = 'address' and lower(value) = any(${addresses}::text[])`.execute(
      tx,
    );
  }
}

/** Delete mode: the customer figures kept per contact, and the links of sales records to it. */
export async function unlinkBusinessRecords(tx: Db, ids: string[]) {
  for (const table of ['customer_analytics', 'next_actions', 'customer_potentials'])
    await sql`delete from ${sql.table(table)} where customer_type = 'contact' and customer_id = any(${ids}::uuid[])`.execute(
      tx,
    );
  await sql`delete from customer_products where customer_id = any(${ids}::uuid[])`.execute(tx);
  for (const table of ['deals', 'quotes', 'orders'])
    await sql`update ${sql.table(table)} set contact_id = null where contact_id = any(${ids}::uuid[])`.execute(tx);
}

/** Orders and quotes that name the person and no company (they cannot lose the contact). */
export async function ownSalesDocuments(tx: Db, ids: string[]): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select (select count(*) from orders where contact_id = any(${ids}::uuid[]) and company_id is null)
         + (select count(*) from quotes where contact_id = any(${ids}::uuid[]) and company_id is null) as n`.execute(
    tx,
  );
  return Number(rows[0].n);
}

export async function deleteContacts(tx: Db, ids: string[]) {
  await sql`delete from appointment_attendees where contact_id = any(${ids}::uuid[])`.execute(tx);
  await sql`delete from contacts where id = any(${ids}::uuid[])`.execute(tx);
}

/** Anonymise mode: the record stays (its deals, orders and figures with it) without personal fields. */
export async function anonymiseContacts(tx: Db, ids: string[], name: string) {
  await sql`update contacts set salutation = null, title = null, first_name = null, last_name = ${name},
      emails = '[]', phones = '[]', addresses = '[]', birthday = null, job_title = null, source = null,
      tags = '{}', email_list = '{}', phone_list = '{}', cities = '{}', postal_codes = '{}',
      external_id = null, search_text = '', version = version + 1, updated_at = now()
    where id = any(${ids}::uuid[])`.execute(tx);
  await sql`update affiliations set job_title = null where contact_id = any(${ids}::uuid[])`.execute(tx);
  await sql`update appointment_attendees set email = null, name = ${name} where contact_id = any(${ids}::uuid[])`.execute(
    tx,
  );
}

export async function affiliationIds(tx: Db, ids: string[]): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`select id from affiliations where contact_id = any(${ids}::uuid[])`.execute(tx);
  return rows.map((row) => row.id);
}

/**
 * An entry of the privacy tools in the audit log (erasures, holds, retention runs, the blocking
 * list): the trigger logs row changes, these say what was done without the data it was done to.
 */
export async function writeAudit(
  tx: Db,
  entry: {
    workspaceId: string;
    actorId: string | null;
    recordType: string;
    recordId: string;
    action: 'create' | 'update' | 'delete';
    changes: Record<string, [unknown, unknown]>;
  },
) {
  await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (${entry.workspaceId}, ${entry.actorId}, ${entry.recordType}, ${entry.recordId}, ${entry.action},
            ${JSON.stringify(entry.changes)}::jsonb)`.execute(tx);
}
