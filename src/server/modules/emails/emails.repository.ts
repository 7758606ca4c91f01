// SQL of stored emails. Linking reads contacts, companies, affiliations and deals (read-only) to
// find who a message belongs to: one indexed lookup by address (the same GIN index the caller
// lookup uses) and one by the companies' website domain.
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { EmailsTable } from '../../platform/db/schema.ts';

export interface AddressMatch {
  address: string;
  kind: 'contact' | 'company';
  id: string;
}

/**
 * The live contacts and companies whose email addresses are among `addresses`, and the
 * companies whose website's domain is an address's domain (free-mail domains aside: a
 * gmx.de address says nothing about its owner's company).
 */
export async function matchAddresses(tx: Db, workspaceId: string, addresses: string[]): Promise<AddressMatch[]> {
  if (addresses.length === 0) return [];
  const domains = [...new Set(addresses.map((a) => a.split('@')[1]))];
  // The website's host (farley_domain_key, migration 0028): the expression of the index
  // companies_domain_key, so the domains are an index lookup, not a look at every company.
  const site = sql`farley_domain_key(co.website)`;
  const result = await sql<AddressMatch>`
    select w.address, 'contact' as kind, c.id from contacts c
      cross join lateral unnest(c.email_list) w(address)
      where c.workspace_id = ${workspaceId} and c.deleted_at is null
        and c.email_list && ${addresses}::text[] and w.address = any(${addresses}::text[])
    union
    select w.address, 'company', co.id from companies co
      cross join lateral unnest(co.email_list) w(address)
      where co.workspace_id = ${workspaceId} and co.deleted_at is null
        and co.email_list && ${addresses}::text[] and w.address = any(${addresses}::text[])
    union
    select w.address, 'company', co.id from companies co
      join unnest(${addresses}::text[]) w(address) on split_part(w.address, '@', 2) = ${site}
      where co.workspace_id = ${workspaceId} and co.deleted_at is null and co.website is not null
        and ${site} = any(${domains}::text[]) and not farley_free_mail(split_part(w.address, '@', 2))`.execute(tx);
  return result.rows;
}

/** The companies of contacts (live affiliations of live companies). */
export async function companiesOf(tx: Db, contactIds: string[]): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const rows = await tx
    .selectFrom('affiliations as a')
    .innerJoin('companies as c', (join) =>
      join.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.company_id'),
    )
    .select('a.company_id')
    .distinct()
    .where('a.contact_id', 'in', contactIds)
    .where('a.deleted_at', 'is', null)
    .where('c.deleted_at', 'is', null)
    .execute();
  return rows.map((row) => row.company_id);
}

/** The open deals these contacts are the contact of. */
export async function openDealsOf(tx: Db, contactIds: string[]): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const rows = await tx
    .selectFrom('deals')
    .select('id')
    .where('contact_id', 'in', contactIds)
    .where('status', '=', 'open')
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}

/** The addresses and Message-IDs a user has taken out of the CRM. */
export async function exclusionsOf(tx: Db, userId: string) {
  const rows = await tx
    .selectFrom('email_exclusions')
    .select(['kind', 'value'])
    .where('user_id', '=', userId)
    .execute();
  return {
    addresses: new Set(rows.filter((r) => r.kind === 'address').map((r) => r.value)),
    messages: new Set(rows.filter((r) => r.kind === 'message').map((r) => r.value)),
  };
}

/** The addresses of the workspace's users: mail among colleagues only is no customer's. */
export async function userAddresses(tx: Db): Promise<Set<string>> {
  const rows = await tx.selectFrom('users').select(sql<string>`lower(email)`.as('email')).execute();
  const boxes = await tx.selectFrom('mailboxes').select(sql<string>`lower(address)`.as('email')).execute();
  return new Set([...rows, ...boxes].map((row) => row.email));
}

export async function emailByMessageId(tx: Db, messageId: string) {
  return tx.selectFrom('emails').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

/**
 * The thread a message joins: that of a stored message it replies to or refers to. Messages
 * stored earlier that reply to this one (they arrived first) are moved into its thread.
 */
export async function threadFor(tx: Db, messageId: string, parents: string[], fallback: string): Promise<string> {
  let thread = fallback;
  if (parents.length > 0) {
    const parent = await tx
      .selectFrom('emails')
      .select('thread_id')
      .where('message_id', 'in', parents)
      .orderBy('sent_at')
      .limit(1)
      .executeTakeFirst();
    if (parent) thread = parent.thread_id;
  }
  await sql`update emails set thread_id = ${thread} where thread_id in (
      select thread_id from emails where in_reply_to = ${messageId} and thread_id <> ${thread})`.execute(tx);
  return thread;
}

export async function insertEmail(tx: Db, values: Insertable<EmailsTable>) {
  return tx.insertInto('emails').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function addLocation(tx: Db, workspaceId: string, folderId: string, uid: number, emailId: string) {
  await tx
    .insertInto('email_locations')
    .values({ workspace_id: workspaceId, folder_id: folderId, uid, email_id: emailId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Counts messages from senders the CRM does not know, one row per sender in one statement
 * (a sender may come several times; their latest name given wins, as if counted one by one).
 * Answers each sender's count before and after.
 */
export async function countUnknownSenders(
  tx: Db,
  workspaceId: string,
  ownerId: string,
  messages: Array<{ address: string; name?: string; at: Date }>,
): Promise<Map<string, { before: number; after: number }>> {
  const senders = new Map<string, { address: string; name: string | null; at: Date; messages: number }>();
  for (const message of messages) {
    const sender = senders.get(message.address);
    if (!sender)
      senders.set(message.address, {
        address: message.address,
        name: message.name ?? null,
        at: message.at,
        messages: 1,
      });
    else {
      sender.messages++;
      sender.name = message.name ?? sender.name;
      if (message.at > sender.at) sender.at = message.at;
    }
  }
  if (senders.size === 0) return new Map();
  const rows = await tx
    .insertInto('email_unknown_senders')
    .values(
      [...senders.values()].map((sender) => ({
        workspace_id: workspaceId,
        mailbox_owner_id: ownerId,
        address: sender.address,
        name: sender.name,
        last_seen_at: sender.at,
        messages: sender.messages,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'mailbox_owner_id', 'address']).doUpdateSet({
        messages: sql`email_unknown_senders.messages + excluded.messages`,
        name: sql`coalesce(excluded.name, email_unknown_senders.name)`,
        last_seen_at: sql`greatest(excluded.last_seen_at, email_unknown_senders.last_seen_at)`,
      }),
    )
    .returning(['address', 'messages'])
    .execute();
  return new Map(
    rows.map((row) => [
      row.address,
      { before: row.messages - (senders.get(row.address)?.messages ?? 0), after: row.messages },
    ]),
  );
}

export async function setSenderSignature(
  tx: Db,
  ownerId: string,
  address: string,
  signature: Record<string, string>,
): Promise<void> {
  await tx
    .updateTable('email_unknown_senders')
    .set({ signature: JSON.stringify(signature) })
    .where('mailbox_owner_id', '=', ownerId)
    .where('address', '=', address)
    .execute();
}

export async function logSync(
  tx: Db,
  values: {
    workspace_id: string;
    id: string;
    mailbox_id: string;
    folder: string | null;
    uid: number | null;
    level: 'info' | 'skipped' | 'failed' | 'error';
    message: string;
    raw_sha256?: string | null;
  },
) {
  await tx.insertInto('mail_sync_log').values(values).execute();
}
