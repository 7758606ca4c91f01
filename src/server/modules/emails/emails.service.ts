// Reading the CRM's email: lists (a mailbox's, a record's, a thread, a search), one message
// with its files, and taking mail out of the CRM again. Stored mail is the workspace's customer
// history, so whoever reads a customer reads their mail; the inbox of a mailbox is for those who
// see the mailbox.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { EmailDetail, EmailQuery, EmailSummary, SyncStatus, UnknownSender } from '../../../contract/emails.ts';
import type { Row } from '../../platform/presenting.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { planEachTime } from '../../platform/db/intent.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { linkedOf } from '../../platform/db/links.ts';
import { forbidden, invalidCursor, notFound } from '../../platform/errors.ts';
import { readStoredFile, removeStoredFiles } from '../../platform/files.ts';
import { cleanHtml } from '../../platform/html.ts';
import { mayChangeMailbox, visibleMailboxes } from '../mailboxes/mailboxes.service.ts';
import { syncMailbox } from './emails.sync.ts';
import { matchAddresses } from './emails.repository.ts';
import { syncQueueOf } from './emails.jobs.ts';

type EmailRow = Row<'emails'>;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const inlineImage = /^image\/(png|jpeg|gif|webp)$/;
/** Inline images up to this size go into the HTML as data URLs (a sandboxed frame sends no cookies). */
const maxInlineImage = 2 * 1024 * 1024;

function encodeCursor(row: { sent_at: Date; id: string }) {
  return Buffer.from(JSON.stringify({ at: row.sent_at.toISOString(), id: row.id })).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at: unknown; id: unknown };
    if (typeof parsed.at !== 'string' || typeof parsed.id !== 'string' || !uuidPattern.test(parsed.id))
      throw new Error();
    if (Number.isNaN(Date.parse(parsed.at))) throw new Error();
    return { at: parsed.at, id: parsed.id };
  } catch {
    throw invalidCursor();
  }
}

async function summaries(tx: Db, rows: EmailRow[]): Promise<EmailSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const activities = await tx
    .selectFrom('activities')
    .select(['id', 'email_id'])
    .where('email_id', 'in', ids)
    .execute();
  const linked = await linkedOf(
    tx,
    { table: 'activity_links', owner: 'activity_id' },
    activities.map((a) => a.id),
  );
  const activityOf = new Map(activities.map((a) => [a.email_id, a.id]));
  const counts = await tx
    .selectFrom('email_attachments')
    .select(['email_id', sql<number>`count(*)::int`.as('n')])
    .where('email_id', 'in', ids)
    .where('inline', '=', false)
    .groupBy('email_id')
    .execute();
  const countOf = new Map(counts.map((c) => [c.email_id, c.n]));
  return rows.map((row) => {
    const activity = activityOf.get(row.id);
    const links = activity ? (linked.get(activity)?.linked ?? []) : [];
    return {
      id: row.id,
      mailboxId: row.mailbox_id,
      threadId: row.thread_id,
      subject: row.subject,
      from: row.from_address ? { address: row.from_address, ...(row.from_name && { name: row.from_name }) } : null,
      to: row.recipients.to,
      cc: row.recipients.cc,
      sentAt: row.sent_at.toISOString(),
      direction: row.direction,
      snippet: row.snippet,
      autoKind: row.auto_kind,
      status: row.status,
      sendAt: row.send_at ? row.send_at.toISOString() : null,
      attachmentCount: countOf.get(row.id) ?? 0,
      links: links.map((l) => ({ type: l.type, id: l.id, name: l.name })),
    };
  });
}

/** The page of emails a query asks for, one more to know whether there is a next page. */
async function page(tx: Db, actor: Actor, query: EmailQuery): Promise<EmailRow[]> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const oldestFirst = query.threadId !== undefined;
  let q = tx.selectFrom('emails as e').selectAll('e');
  const record =
    (query.contactId && (['contact', query.contactId] as const)) ||
    (query.companyId && (['company', query.companyId] as const)) ||
    (query.dealId && (['deal', query.dealId] as const));
  if (record) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('activities as a')
          .innerJoin('activity_links as l', (join) =>
            join.onRef('l.workspace_id', '=', 'a.workspace_id').onRef('l.activity_id', '=', 'a.id'),
          )
          .select(sql`1`.as('one'))
          .whereRef('a.email_id', '=', 'e.id')
          .where('a.deleted_at', 'is', null)
          .where('l.record_type', '=', record[0])
          .where('l.record_id', '=', record[1]),
      ),
    );
  }
  if (query.threadId) q = q.where('e.thread_id', '=', query.threadId);
  if (query.q) {
    q = q.where(sql<boolean>`e.search @@ farley_email_query(${query.q})`);
  }
  if (query.mailboxId || (!record && !query.threadId && !query.q)) {
    // An inbox: the mail of the mailboxes the caller sees.
    const visible = (await visibleMailboxes(tx, actor)).map((m) => m.id);
    const wanted = query.mailboxId ? visible.filter((id) => id === query.mailboxId) : visible;
    if (query.mailboxId && wanted.length === 0) throw notFound('mailbox');
    if (wanted.length === 0) return [];
    q = q.where('e.mailbox_id', 'in', wanted);
  }
  if (after) {
    q = oldestFirst
      ? q.where(sql<boolean>`(e.sent_at, e.id) > (${after.at}::timestamptz, ${after.id}::uuid)`)
      : q.where(sql<boolean>`(e.sent_at, e.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  }
  const direction = oldestFirst ? 'asc' : 'desc';
  q = q
    .orderBy('e.sent_at', direction)
    .orderBy('e.id', direction)
    .limit(query.limit + 1);
  // A search's best plan depends on its words: a rare one through the GIN index, a common one
  // by reading the newest emails until the page is full (migration 0052). One generic plan,
  // chosen after a few runs of the prepared statement, would serve one of them badly.
  return (query.q ? planEachTime(q) : q).execute();
}

async function findEmail(tx: Db, id: string): Promise<EmailRow> {
  const row = await tx.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('email');
  return row;
}

/**
 * Deletes stored emails; answers how many and the files they referred to, which the caller
 * offers to collectFiles once the deletion has committed.
 */
export async function removeEmails(tx: Db, ids: string[]): Promise<{ removed: number; files: string[] }> {
  if (ids.length === 0) return { removed: 0, files: [] };
  const files = await tx
    .selectFrom('email_attachments')
    .select('sha256')
    .where('email_id', 'in', ids)
    .union(
      tx
        .selectFrom('emails')
        .select(sql<string>`raw_sha256`.as('sha256'))
        .where('id', 'in', ids)
        .where('raw_sha256', 'is not', null),
    )
    .execute();
  const removed = await tx.deleteFrom('emails').where('id', 'in', ids).executeTakeFirst();
  return { removed: Number(removed.numDeletedRows), files: [...new Set(files.map((f) => f.sha256))] };
}

/**
 * Removes the files no workspace refers to any more (the file store keeps equal bytes once,
 * whoever has them). A file that cannot be removed now stays: it is only disk space.
 */
export async function collectFiles(ctx: AppContext, removal: { removed: number; files: string[] }) {
  if (removal.files.length > 0) {
    try {
      const candidates = removal.files;
      const used = await acrossWorkspaces(ctx.db.owner, async (tx) => {
        const rows = await sql<{ sha256: string }>`
          select sha256 from email_attachments where sha256 = any(${candidates})
          union select raw_sha256 from emails where raw_sha256 = any(${candidates})
          union select raw_sha256 from mail_sync_log where raw_sha256 = any(${candidates})`.execute(tx);
        return new Set(rows.rows.map((r) => r.sha256));
      });
      await removeStoredFiles(
        ctx.config.dataDir,
        candidates.filter((sha) => !used.has(sha)),
      );
    } catch {
      // The mail has left the CRM; an orphaned file is no reason to say otherwise.
    }
  }
  return { removed: removal.removed };
}

export function emailService(ctx: AppContext) {
  const db = ctx.db.app;

  async function mailboxOf(tx: Db, actor: Actor, row: EmailRow) {
    const box = await tx.selectFrom('mailboxes').selectAll().where('id', '=', row.mailbox_id).executeTakeFirstOrThrow();
    return { box, mayChange: mayChangeMailbox(actor, box) };
  }

  return {
    list: (actor: Actor, query: EmailQuery) =>
      inTenant(db, actor, async (tx) => {
        const rows = await page(tx, actor, query);
        const more = rows.length > query.limit;
        if (more) rows.length = query.limit;
        return { data: await summaries(tx, rows), nextCursor: more ? encodeCursor(rows[rows.length - 1]) : null };
      }),

    get: (actor: Actor, id: string, images: boolean): Promise<EmailDetail> =>
      inTenant(db, actor, async (tx) => {
        const row = await findEmail(tx, id);
        const [summary] = await summaries(tx, [row]);
        const attachments = await tx
          .selectFrom('email_attachments')
          .selectAll()
          .where('email_id', '=', id)
          .orderBy('position')
          .execute();
        const inline = new Map<string, string>();
        for (const a of attachments) {
          if (!a.content_id || !inlineImage.test(a.content_type) || a.size > maxInlineImage) continue;
          const bytes = await readStoredFile(ctx.config.dataDir, a.sha256).catch(() => null);
          if (bytes)
            inline.set(a.content_id.replace(/^<|>$/g, ''), `data:${a.content_type};base64,${bytes.toString('base64')}`);
        }
        const clean = row.html_body
          ? cleanHtml(row.html_body, { remoteImages: images, cidUrl: (cid) => inline.get(cid.replace(/^<|>$/g, '')) })
          : null;
        return {
          ...summary,
          messageId: row.message_id,
          inReplyTo: row.in_reply_to,
          bcc: row.recipients.bcc,
          text: row.text_body,
          html: clean?.html ?? null,
          remoteImages: clean?.remoteImages ?? 0,
          attachments: attachments.map((a) => ({
            id: a.id,
            filename: a.filename,
            contentType: a.content_type,
            size: a.size,
            inline: a.inline,
          })),
          bouncedAddresses: row.bounced_addresses,
        };
      }),

    attachment: (actor: Actor, emailId: string, attachmentId: string) =>
      inTenant(db, actor, async (tx) => {
        const row = await tx
          .selectFrom('email_attachments')
          .selectAll()
          .where('email_id', '=', emailId)
          .where('id', '=', attachmentId)
          .executeTakeFirst();
        if (!row) throw notFound('attachment');
        return { filename: row.filename, contentType: row.content_type, sha256: row.sha256 };
      }),

    /** Takes one message out of the CRM; the sync of its mailbox's owner never brings it back. */
    makePrivate: async (actor: Actor, id: string) => {
      const removal = await inTenant(db, actor, async (tx) => {
        const row = await findEmail(tx, id);
        const { box, mayChange } = await mailboxOf(tx, actor, row);
        if (!mayChange) throw forbidden("Only the mailbox's owner or an admin takes its mail out of the CRM.");
        await tx
          .insertInto('email_exclusions')
          .values({ workspace_id: actor.workspaceId, user_id: box.owner_id, kind: 'message', value: row.message_id })
          .onConflict((oc) => oc.doNothing())
          .execute();
        return removeEmails(tx, [id]);
      });
      return collectFiles(ctx, removal);
    },

    exclusions: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        const rows = await tx
          .selectFrom('email_exclusions')
          .selectAll()
          .where('user_id', '=', actor.userId)
          .orderBy('created_at', 'desc')
          .execute();
        return {
          data: rows.map((r) => ({ kind: r.kind, value: r.value, createdAt: r.created_at.toISOString() })),
        };
      }),

    /**
     * Takes a correspondent out of the CRM: their stored mail from the mailboxes the caller may
     * change leaves it, and the caller's mailboxes never store their mail again.
     */
    excludeAddress: async (actor: Actor, address: string) => {
      const removal = await inTenant(db, actor, async (tx) => {
        await tx
          .insertInto('email_exclusions')
          .values({ workspace_id: actor.workspaceId, user_id: actor.userId, kind: 'address', value: address })
          .onConflict((oc) => oc.doNothing())
          .execute();
        await tx.deleteFrom('email_unknown_senders').where('address', '=', address).execute();
        const boxes = (await visibleMailboxes(tx, actor)).filter((box) => mayChangeMailbox(actor, box));
        if (boxes.length === 0) return { removed: 0, files: [] };
        const rows = await tx
          .selectFrom('emails')
          .select('id')
          .where(
            'mailbox_id',
            'in',
            boxes.map((b) => b.id),
          )
          .where(sql<boolean>`participants @> array[${address}]::text[]`)
          .execute();
        return removeEmails(
          tx,
          rows.map((r) => r.id),
        );
      });
      return collectFiles(ctx, removal);
    },

    unknownSenders: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        const rows = await tx
          .selectFrom('email_unknown_senders')
          .selectAll()
          .where('mailbox_owner_id', '=', actor.userId)
          .where('dismissed', '=', false)
          .where('messages', '>=', 2)
          .orderBy('last_seen_at', 'desc')
          .limit(100)
          .execute();
        // Someone who has become a contact (or whose company the CRM now knows) is no longer unknown.
        const known = new Set(
          (
            await matchAddresses(
              tx,
              actor.workspaceId,
              rows.map((r) => r.address),
            )
          ).map((m) => m.address),
        );
        const data: UnknownSender[] = rows
          .filter((r) => !known.has(r.address))
          .map((r) => ({
            address: r.address,
            name: r.name,
            messages: r.messages,
            lastSeenAt: r.last_seen_at.toISOString(),
            signature: r.signature,
          }));
        return { data };
      }),

    dismissSender: (actor: Actor, address: string) =>
      inTenant(db, actor, async (tx) => {
        await tx
          .updateTable('email_unknown_senders')
          .set({ dismissed: true })
          .where('mailbox_owner_id', '=', actor.userId)
          .where('address', '=', address.toLowerCase())
          .execute();
      }),

    syncStatus: (actor: Actor, mailboxId: string): Promise<SyncStatus> =>
      inTenant(db, actor, async (tx) => {
        const box = (await visibleMailboxes(tx, actor)).find((m) => m.id === mailboxId);
        if (!box) throw notFound('mailbox');
        const folders = await tx
          .selectFrom('mailbox_folders')
          .selectAll()
          .where('mailbox_id', '=', mailboxId)
          .orderBy('path')
          .execute();
        const log = await tx
          .selectFrom('mail_sync_log')
          .selectAll()
          .where('mailbox_id', '=', mailboxId)
          .orderBy('at', 'desc')
          .limit(50)
          .execute();
        return {
          state: box.sync_state,
          syncedAt: box.synced_at ? box.synced_at.toISOString() : null,
          error: box.sync_error,
          folders: folders.map((f) => ({
            path: f.path,
            total: f.messages_total,
            done: f.messages_done,
            firstSyncDone: f.first_sync_done,
            syncedAt: f.synced_at ? f.synced_at.toISOString() : null,
          })),
          log: log.map((l) => ({
            at: l.at.toISOString(),
            level: l.level,
            folder: l.folder,
            message: l.message,
            resolved: l.resolved_at !== null,
          })),
        };
      }),

    /** Starts a sync: on the job queue when there is one, else in this process in the background. */
    startSync: async (actor: Actor, mailboxId: string) => {
      await inTenant(db, actor, async (tx) => {
        const box = (await visibleMailboxes(tx, actor)).find((m) => m.id === mailboxId);
        if (!box) throw notFound('mailbox');
      });
      const queue = syncQueueOf(ctx);
      if (queue) await queue({ workspaceId: actor.workspaceId, mailboxId });
      else {
        syncMailbox(ctx, actor.workspaceId, mailboxId).catch((error: unknown) => {
          process.stderr.write(
            `mail sync ${mailboxId} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
          );
        });
      }
      return { started: true };
    },
  };
}

export type EmailService = ReturnType<typeof emailService>;
