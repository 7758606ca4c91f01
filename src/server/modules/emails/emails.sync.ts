// The sync of a mailbox over IMAP. Per folder it remembers UIDVALIDITY and the last UID seen,
// so each run reads only what is new; a changed UIDVALIDITY reads the folder again. The first
// run reads mail from the mailbox's sync_since day on. The envelopes (addresses, Message-ID)
// decide what the CRM keeps, and only those messages are downloaded whole: mail with nobody
// the CRM knows never leaves the server.
//
// One process syncs a mailbox at a time: a run takes a lease on the mailbox row, renews it
// while it works and gives it back at the end; a crashed run's lease runs out.
//
// Nothing a server or a message does ends a run: a message that cannot be parsed is kept raw
// and logged (and parsed again by every later run until it works), one that is too large is
// skipped with its reason in the log.
import { sql } from 'kysely';
import type { ImapFlow, MailboxObject, MessageAddressObject, MessageEnvelopeObject } from 'imapflow';
import { blockedAmong } from '../privacy/blocking.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Row } from '../../platform/presenting.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { putFile, readStoredFile } from '../../platform/files.ts';
import { classify, imapClient } from '../mailboxes/mailboxes.check.ts';
import { storedServer } from '../mailboxes/mailboxes.service.ts';
import { applyCalendarReplies } from '../appointments/appointments.replies.ts';
import { cleanMessageId, normalAddress, parseEmail, type Address, type ParsedEmail } from './emails.parse.ts';
import { signatureOf } from './emails.signature.ts';
import * as repo from './emails.repository.ts';
import {
  type Envelope,
  type MailboxOfMessage,
  type StoreRules,
  storeParsed,
  storeRules,
  verdict,
  verdicts,
} from './emails.store.ts';

/** Messages larger than this are skipped (with a line in the sync log). */
export const maxMessageBytes = 50 * 1024 * 1024;
const batchSize = 250;
const leaseMinutes = 10;

export interface FolderOutcome {
  path: string;
  seen: number;
  stored: number;
  failed: number;
}

export type SyncOutcome =
  | { ran: true; folders: FolderOutcome[]; retried: number }
  | { ran: false; reason: 'busy' | 'gone' | 'failing'; message?: string };

const mailerDaemon = /^(mailer-daemon|postmaster|mail-daemon)@/i;
const bounceSubject = /(undeliver|unzustellbar|delivery status|failure notice|returned mail|nicht zugestellt)/i;

function addressList(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).flatMap((entry) => {
    const address = normalAddress(entry.address);
    return address ? [entry.name ? { address, name: entry.name } : { address }] : [];
  });
}

function envelopeOf(envelope: MessageEnvelopeObject | undefined): Envelope {
  return {
    messageId: cleanMessageId(envelope?.messageId),
    from: addressList(envelope?.from)[0] ?? null,
    to: addressList(envelope?.to),
    cc: addressList(envelope?.cc),
    bcc: addressList(envelope?.bcc),
  };
}

const inWorkspace = <T>(ctx: AppContext, box: MailboxOfMessage, work: (tx: Db) => Promise<T>) =>
  inTenant(ctx.db.app, { workspaceId: box.workspaceId, userId: box.ownerId }, work);

async function log(
  ctx: AppContext,
  box: MailboxOfMessage,
  entry: {
    folder?: string;
    uid?: number;
    level: 'info' | 'skipped' | 'failed' | 'error';
    message: string;
    raw?: string;
  },
) {
  await inWorkspace(ctx, box, (tx) =>
    repo.logSync(tx, {
      workspace_id: box.workspaceId,
      id: newId(),
      mailbox_id: box.id,
      folder: entry.folder ?? null,
      uid: entry.uid ?? null,
      level: entry.level,
      message: entry.message.slice(0, 2000),
      raw_sha256: entry.raw ?? null,
    }),
  );
}

/** Parses and stores one downloaded message; a failure is logged with the raw bytes kept. */
async function take(
  ctx: AppContext,
  box: MailboxOfMessage,
  rules: StoreRules,
  raw: Buffer,
  where: { folder: string; folderId: string; uid: number; receivedAt?: Date },
): Promise<'stored' | 'failed' | 'dropped'> {
  if (raw.length > maxMessageBytes) {
    await log(ctx, box, {
      folder: where.folder,
      uid: where.uid,
      level: 'skipped',
      message: `Message of ${Math.round(raw.length / 1048576)} MB is larger than the limit of ${maxMessageBytes / 1048576} MB`,
    });
    return 'dropped';
  }
  let parsed: ParsedEmail;
  try {
    parsed = await parseEmail(raw);
  } catch (error) {
    const sha = await putFile(ctx.config.dataDir, raw);
    await log(ctx, box, {
      folder: where.folder,
      uid: where.uid,
      level: 'failed',
      message: `The message could not be read (${error instanceof Error ? error.message : String(error)}); it is kept and read again by the next sync`,
      raw: sha,
    });
    return 'failed';
  }
  try {
    return await inWorkspace(ctx, box, async (tx) => {
      // An answer to an invitation sets the attendee's status, whether or not the mail is kept.
      await applyCalendarReplies(tx, parsed.attachments);
      // A bounce names the customer only inside the report: judged again with the bounced addresses.
      const judged = await verdict(tx, box, rules, {
        ...parsed,
        to: [...parsed.to, ...parsed.bouncedAddresses.map((address) => ({ address }))],
      });
      if (!judged.keep) return 'dropped';
      await storeParsed(ctx, tx, box, rules, parsed, raw, judged.matches, {
        location: { folderId: where.folderId, uid: where.uid },
        receivedAt: where.receivedAt,
      });
      return 'stored';
    });
  } catch (error) {
    const sha = await putFile(ctx.config.dataDir, raw);
    await log(ctx, box, {
      folder: where.folder,
      uid: where.uid,
      level: 'failed',
      message: `The message could not be stored (${error instanceof Error ? error.message : String(error)}); it is kept and tried again by the next sync`,
      raw: sha,
    });
    return 'failed';
  }
}

/**
 * Remembers the senders of messages nobody in the CRM takes part in (a batch at once);
 * answers the message that made a sender's second, whose signature is read.
 */
async function countUnknown(
  ctx: AppContext,
  box: MailboxOfMessage,
  senders: Array<{ from: Address; at: Date; uid: number }>,
) {
  if (senders.length === 0) return [];
  const counts = await inWorkspace(ctx, box, (tx) =>
    repo.countUnknownSenders(
      tx,
      box.workspaceId,
      box.ownerId,
      senders.map((sender) => ({ ...sender.from, at: sender.at })),
    ),
  );
  const repeat: Array<{ address: string; uid: number }> = [];
  const seen = new Map<string, number>();
  for (const sender of senders) {
    const address = sender.from.address;
    const count = counts.get(address);
    if (!count) continue;
    // This sender's count as it was after this message, counted in the batch's order.
    const after = count.before + (seen.get(address) ?? 0) + 1;
    seen.set(address, after - count.before);
    if (after === 2) repeat.push({ address, uid: sender.uid });
  }
  return repeat;
}

/** Reads the signatures of senders who wrote again: their messages in one FETCH. */
async function readSignatures(
  ctx: AppContext,
  box: MailboxOfMessage,
  client: ImapFlow,
  repeat: Array<{ address: string; uid: number }>,
) {
  const addressOf = new Map(repeat.map((r) => [r.uid, r.address]));
  for await (const message of client.fetch([...addressOf.keys()], { uid: true, source: true }, { uid: true })) {
    const address = addressOf.get(message.uid);
    if (!address || !message.source || message.source.length > 1024 * 1024) continue;
    try {
      const parsed = await parseEmail(message.source);
      const signature = signatureOf(parsed.text);
      if (Object.keys(signature).length > 0)
        await inWorkspace(ctx, box, (tx) =>
          repo.setSenderSignature(tx, box.ownerId, address, signature as Record<string, string>),
        );
    } catch {
      // A signature is a convenience: an unreadable one is no sync failure.
    }
  }
}

type FolderRow = Awaited<ReturnType<typeof folderRow>>;

async function folderRow(tx: Db, box: MailboxOfMessage, path: string) {
  await tx
    .insertInto('mailbox_folders')
    .values({ workspace_id: box.workspaceId, id: newId(), mailbox_id: box.id, path })
    .onConflict((oc) => oc.columns(['workspace_id', 'mailbox_id', 'path']).doNothing())
    .execute();
  return tx
    .selectFrom('mailbox_folders')
    .selectAll()
    .where('mailbox_id', '=', box.id)
    .where('path', '=', path)
    .executeTakeFirstOrThrow();
}

async function renewLease(tx: Db, mailboxId: string) {
  await tx
    .updateTable('mailboxes')
    .set({ sync_lease_until: sql`now() + make_interval(mins => ${leaseMinutes})` })
    .where('id', '=', mailboxId)
    .execute();
}

async function syncFolder(
  ctx: AppContext,
  client: ImapFlow,
  box: MailboxOfMessage,
  rules: StoreRules,
  path: string,
  since: string,
): Promise<FolderOutcome> {
  const outcome: FolderOutcome = { path, seen: 0, stored: 0, failed: 0 };
  let folder: FolderRow = await inWorkspace(ctx, box, (tx) => folderRow(tx, box, path));
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const state = client.mailbox as MailboxObject;
    const validity = String(state.uidValidity);
    const modseq = state.highestModseq === undefined ? null : String(state.highestModseq);
    if (folder.uid_validity !== null && String(folder.uid_validity) !== validity) {
      // The server renumbered the folder: what we knew of its UIDs is void.
      folder = await inWorkspace(ctx, box, async (tx) => {
        await tx.deleteFrom('email_locations').where('folder_id', '=', folder.id).execute();
        return tx
          .updateTable('mailbox_folders')
          .set({ last_uid: 0, first_sync_done: false, messages_done: 0, messages_total: 0 })
          .where('id', '=', folder.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      await log(ctx, box, {
        folder: path,
        level: 'info',
        message: `${path}: UIDVALIDITY changed, the folder is read again`,
      });
    }
    const lastUid = Number(folder.last_uid);
    const unchanged =
      folder.first_sync_done &&
      String(folder.uid_next) === String(state.uidNext) &&
      (modseq === null || String(folder.highest_modseq) === modseq);
    let uids: number[] = [];
    if (!unchanged && state.exists > 0) {
      const found = folder.first_sync_done
        ? await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })
        : await client.search({ since: new Date(`${since}T00:00:00Z`) }, { uid: true });
      uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    }
    if (!folder.first_sync_done) {
      await inWorkspace(ctx, box, (tx) =>
        tx
          .updateTable('mailbox_folders')
          .set({ messages_total: folder.messages_done + uids.length })
          .where('id', '=', folder.id)
          .execute(),
      );
    }
    let dropped = 0;
    for (let start = 0; start < uids.length; start += batchSize) {
      const batch = uids.slice(start, start + batchSize);
      const envelopes = await client.fetchAll(
        batch,
        { uid: true, envelope: true, internalDate: true, size: true },
        { uid: true },
      );
      const wanted = new Map<number, Date | undefined>();
      const unknown: Array<{ from: Address; at: Date; uid: number }> = [];
      const judgedEnvelopes = envelopes.map((message) => envelopeOf(message.envelope));
      // One lookup of all the batch's participants, not one per message.
      const judged = await inWorkspace(ctx, box, (tx) => verdicts(tx, box, rules, judgedEnvelopes));
      for (const [index, message] of envelopes.entries()) {
        const envelope = judgedEnvelopes[index];
        const verdict = judged[index];
        const at = message.internalDate ? new Date(message.internalDate) : new Date();
        const bounceLike =
          (envelope.from && mailerDaemon.test(envelope.from.address)) ||
          bounceSubject.test(message.envelope?.subject ?? '');
        if (verdict.keep || (bounceLike && !verdict.keep && verdict.reason !== 'private')) wanted.set(message.uid, at);
        else if (
          !verdict.keep &&
          verdict.reason === 'unknown' &&
          envelope.from &&
          !rules.ownAddresses.has(envelope.from.address)
        )
          unknown.push({ from: envelope.from, at, uid: message.uid });
      }
      dropped += batch.length - wanted.size;
      if (wanted.size > 0) {
        // One message at a time off the wire: memory stays flat however large the folder.
        for await (const message of client.fetch([...wanted.keys()], { uid: true, source: true }, { uid: true })) {
          if (!message.source) continue;
          const result = await take(ctx, box, rules, message.source, {
            folder: path,
            folderId: folder.id,
            uid: message.uid,
            receivedAt: wanted.get(message.uid),
          });
          if (result === 'stored') outcome.stored++;
          else if (result === 'failed') outcome.failed++;
        }
      }
      const repeat = await countUnknown(ctx, box, unknown);
      if (repeat.length > 0) await readSignatures(ctx, box, client, repeat);
      outcome.seen += batch.length;
      await inWorkspace(ctx, box, async (tx) => {
        await tx
          .updateTable('mailbox_folders')
          .set({ last_uid: batch[batch.length - 1], messages_done: sql`messages_done + ${batch.length}` })
          .where('id', '=', folder.id)
          .execute();
        await renewLease(tx, box.id);
      });
    }
    await inWorkspace(ctx, box, (tx) =>
      tx
        .updateTable('mailbox_folders')
        .set({
          uid_validity: validity,
          uid_next: String(state.uidNext),
          highest_modseq: modseq,
          first_sync_done: true,
          synced_at: new Date(),
        })
        .where('id', '=', folder.id)
        .execute(),
    );
    if (uids.length > 0) {
      await log(ctx, box, {
        folder: path,
        level: 'info',
        message: `${path}: ${uids.length} new messages, ${outcome.stored} kept, ${dropped} without a known participant or private, ${outcome.failed} failed`,
      });
    }
  } finally {
    lock.release();
  }
  return outcome;
}

/** Parses again what failed before (a fixed parser, a fixed record); answers how many now worked. */
async function retryFailed(ctx: AppContext, box: MailboxOfMessage, rules: StoreRules): Promise<number> {
  const failed = await inWorkspace(ctx, box, (tx) =>
    tx
      .selectFrom('mail_sync_log')
      .select(['id', 'raw_sha256', 'at'])
      .where('mailbox_id', '=', box.id)
      .where('level', '=', 'failed')
      .where('resolved_at', 'is', null)
      .where('raw_sha256', 'is not', null)
      .orderBy('at')
      .limit(500)
      .execute(),
  );
  let worked = 0;
  for (const entry of failed) {
    try {
      const raw = await readStoredFile(ctx.config.dataDir, entry.raw_sha256!);
      const parsed = await parseEmail(raw);
      await inWorkspace(ctx, box, async (tx) => {
        const judged = await verdict(tx, box, rules, parsed);
        if (judged.keep) await storeParsed(ctx, tx, box, rules, parsed, raw, judged.matches, { receivedAt: entry.at });
        await tx.updateTable('mail_sync_log').set({ resolved_at: new Date() }).where('id', '=', entry.id).execute();
      });
      worked++;
    } catch {
      // Still unreadable: it stays in the log for the next run.
    }
  }
  return worked;
}

function boxOf(row: Row<'mailboxes'>): MailboxOfMessage {
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    ownerId: row.owner_id,
    address: row.address,
    storeAll: row.store_all,
  };
}

/** Takes the mailbox's sync lease; undefined when another run holds it or the mailbox is gone. */
async function claim(ctx: AppContext, workspaceId: string, mailboxId: string) {
  return inTenant(ctx.db.app, { workspaceId }, (tx) =>
    tx
      .updateTable('mailboxes')
      .set({ sync_lease_until: sql`now() + make_interval(mins => ${leaseMinutes})`, sync_state: 'syncing' })
      .where('id', '=', mailboxId)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<', sql<Date>`now()`)]))
      .returningAll()
      .executeTakeFirst(),
  );
}

async function release(ctx: AppContext, box: MailboxOfMessage, error: string | null) {
  await inWorkspace(ctx, box, (tx) =>
    tx
      .updateTable('mailboxes')
      .set({
        sync_lease_until: null,
        sync_state: error ? 'failing' : 'idle',
        sync_error: error,
        ...(error === null && { synced_at: new Date() }),
      })
      .where('id', '=', box.id)
      .execute(),
  );
}

/** Syncs every folder of one mailbox; a run already under way elsewhere makes this one a no-op. */
export async function syncMailbox(ctx: AppContext, workspaceId: string, mailboxId: string): Promise<SyncOutcome> {
  const row = await claim(ctx, workspaceId, mailboxId);
  if (!row) {
    const exists = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
      tx
        .selectFrom('mailboxes')
        .select('id')
        .where('id', '=', mailboxId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst(),
    );
    return { ran: false, reason: exists ? 'busy' : 'gone' };
  }
  const box = boxOf(row);
  let client: ImapFlow | undefined;
  try {
    const server = storedServer(ctx, row, 'imap');
    const rules = await inWorkspace(ctx, box, (tx) => storeRules(tx, box));
    rules.blocked = (tx, addresses) =>
      blockedAmong(
        tx,
        ctx.secrets,
        box.workspaceId,
        addresses.map((value) => ({ kind: 'email' as const, value })),
      );
    client = imapClient(server, { socketTimeoutMs: 120_000 });
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      const failure = classify(error, 'IMAP', server.host);
      await release(ctx, box, failure.message);
      await log(ctx, box, { level: 'error', message: failure.message });
      return { ran: false, reason: 'failing', message: failure.message };
    }
    const folders: FolderOutcome[] = [];
    for (const path of row.folders) {
      try {
        folders.push(await syncFolder(ctx, client, box, rules, path, row.sync_since));
      } catch (error) {
        const message = `${path}: ${error instanceof Error ? error.message : String(error)}`;
        await log(ctx, box, { folder: path, level: 'error', message });
        if (!client.usable) throw error;
      }
    }
    const retried = await retryFailed(ctx, box, rules);
    await release(ctx, box, null);
    return { ran: true, folders, retried };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await release(ctx, box, message.slice(0, 2000));
    await log(ctx, box, { level: 'error', message }).catch(() => {});
    return { ran: false, reason: 'failing', message };
  } finally {
    if (client?.usable) await client.logout().catch(() => client?.close());
    else client?.close();
  }
}
