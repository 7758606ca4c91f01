// Keeping a message in the CRM, or not. The privacy rule: a message is kept only when one of
// its participants (besides the workspace's own people) is a known contact, a known company's
// address or a company's domain — unless the mailbox keeps everything (store_all) — and never
// when the user has taken the message or one of its correspondents out of the CRM. A kept
// message goes on the timeline of every matched contact, their companies and their open deals.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { putFile } from '../../platform/files.ts';
import { noLinks, type LinkSets } from '../../platform/db/links.ts';
import { addEmailActivity } from '../activities/activities.service.ts';
import { refreshQuality } from '../quality/quality.service.ts';
import type { Address, ParsedEmail } from './emails.parse.ts';
import { snippetOf } from './emails.parse.ts';
import * as repo from './emails.repository.ts';

/** The mailbox a message arrives in or leaves from, as storing needs it. */
export interface MailboxOfMessage {
  workspaceId: string;
  id: string;
  ownerId: string;
  address: string;
  storeAll: boolean;
}

/** What holds for a whole sync run: the owner's exclusions and the workspace's own addresses. */
export interface StoreRules {
  excludedAddresses: Set<string>;
  excludedMessages: Set<string>;
  ownAddresses: Set<string>;
  /** The addresses among these that are on the privacy blocking list (erased people's mail stays out). */
  blocked?: (tx: Db, addresses: string[]) => Promise<Set<string>>;
}

export async function storeRules(tx: Db, box: MailboxOfMessage): Promise<StoreRules> {
  const exclusions = await repo.exclusionsOf(tx, box.ownerId);
  const ownAddresses = await repo.userAddresses(tx);
  ownAddresses.add(box.address.toLowerCase());
  return { excludedAddresses: exclusions.addresses, excludedMessages: exclusions.messages, ownAddresses };
}

export interface Envelope {
  messageId: string | null;
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
}

export type Verdict =
  | { keep: true; matches: repo.AddressMatch[] }
  | { keep: false; reason: 'private' | 'unknown' | 'internal' };

const participantsOf = (e: Envelope) => [
  ...new Set([e.from, ...e.to, ...e.cc, ...e.bcc].flatMap((a) => (a ? [a.address] : []))),
];

/** A message made private, or the participants besides the workspace's own to look up. */
function screen(rules: StoreRules, envelope: Envelope): Verdict | { others: string[] } {
  if (envelope.messageId && rules.excludedMessages.has(envelope.messageId)) return { keep: false, reason: 'private' };
  const participants = participantsOf(envelope);
  if (participants.some((a) => rules.excludedAddresses.has(a))) return { keep: false, reason: 'private' };
  return { others: participants.filter((a) => !rules.ownAddresses.has(a)) };
}

function decide(box: MailboxOfMessage, others: string[], matches: repo.AddressMatch[]): Verdict {
  if (matches.length > 0 || box.storeAll) return { keep: true, matches };
  return { keep: false, reason: others.length === 0 ? 'internal' : 'unknown' };
}

/** Whether the CRM keeps a message with this envelope, and whom it matched. */
export async function verdict(tx: Db, box: MailboxOfMessage, rules: StoreRules, envelope: Envelope): Promise<Verdict> {
  return (await verdicts(tx, box, rules, [envelope]))[0];
}

/**
 * The verdicts of many envelopes (a batch of the sync) with one lookup of all their
 * participants: a match belongs to an address, whichever message it came with.
 */
export async function verdicts(
  tx: Db,
  box: MailboxOfMessage,
  rules: StoreRules,
  envelopes: Envelope[],
): Promise<Verdict[]> {
  const screened = envelopes.map((envelope) => screen(rules, envelope));
  const addresses = [...new Set(screened.flatMap((s) => ('others' in s ? s.others : [])))];
  const found = await repo.matchAddresses(tx, box.workspaceId, addresses);
  // Mail with a person erased on request (GDPR Art. 17) is neither stored nor offered as a new contact.
  const blocked = rules.blocked && addresses.length ? await rules.blocked(tx, addresses) : new Set<string>();
  return screened.map((s) => {
    if (!('others' in s)) return s;
    if (s.others.some((a) => blocked.has(a))) return { keep: false, reason: 'private' } as const;
    const mine = new Set(s.others);
    return decide(
      box,
      s.others,
      found.filter((match) => mine.has(match.address)),
    );
  });
}

/**
 * The records a message goes on: matched contacts (and those it was written from), their and
 * matched companies, their open deals, and the deals it was written from.
 */
async function linksOf(tx: Db, matches: repo.AddressMatch[], extra: LinkSets = noLinks()): Promise<LinkSets> {
  const of = (kind: repo.AddressMatch['kind']) => matches.filter((m) => m.kind === kind).map((m) => m.id);
  const contactIds = [...new Set([...of('contact'), ...extra.contactIds])];
  const companyIds = new Set([...of('company'), ...extra.companyIds, ...(await repo.companiesOf(tx, contactIds))]);
  const dealIds = new Set([...(await repo.openDealsOf(tx, contactIds)), ...extra.dealIds]);
  return { contactIds, companyIds: [...companyIds], dealIds: [...dealIds] };
}

export interface StoreOptions {
  location?: { folderId: string; uid: number };
  status?: 'stored' | 'scheduled' | 'sent' | 'failed';
  sendAt?: Date | null;
  createdBy?: string | null;
  /** The time to file it under when the message has no usable Date (the server's arrival time). */
  receivedAt?: Date;
  /** Records to put it on besides those its addresses match (written from them in Farley). */
  extraLinks?: LinkSets;
}

/**
 * Stores a parsed message that the verdict kept (raw bytes and files in the file store first,
 * then the rows), or only records where it lies when the workspace has it already.
 */
export async function storeParsed(
  ctx: AppContext,
  tx: Db,
  box: MailboxOfMessage,
  rules: StoreRules,
  parsed: ParsedEmail,
  raw: Buffer,
  matches: repo.AddressMatch[],
  options: StoreOptions = {},
): Promise<{ emailId: string; created: boolean }> {
  const existing = await repo.emailByMessageId(tx, parsed.messageId);
  if (existing) {
    if (options.location)
      await repo.addLocation(tx, box.workspaceId, options.location.folderId, options.location.uid, existing.id);
    return { emailId: existing.id, created: false };
  }
  const rawSha = await putFile(ctx.config.dataDir, raw);
  const files: string[] = [];
  for (const attachment of parsed.attachments) files.push(await putFile(ctx.config.dataDir, attachment.content));
  const id = newId();
  const outbound = parsed.from !== null && rules.ownAddresses.has(parsed.from.address);
  const sentAt = parsed.date ?? options.receivedAt ?? new Date();
  const parents = [...parsed.references, ...(parsed.inReplyTo ? [parsed.inReplyTo] : [])];
  const threadId = await repo.threadFor(tx, parsed.messageId, parents, id);
  // A bounce's undeliverable addresses count as its participants: it belongs on their timeline.
  const participants = [...new Set([...participantsOf(parsed), ...parsed.bouncedAddresses])];
  const email = await repo.insertEmail(tx, {
    workspace_id: box.workspaceId,
    id,
    mailbox_id: box.id,
    message_id: parsed.messageId,
    thread_id: threadId,
    in_reply_to: parsed.inReplyTo,
    reference_ids: parsed.references,
    subject: parsed.subject,
    from_address: parsed.from?.address ?? '',
    from_name: parsed.from?.name ?? null,
    recipients: JSON.stringify({ to: parsed.to, cc: parsed.cc, bcc: parsed.bcc }),
    participants,
    sent_at: sentAt,
    direction: outbound ? 'outbound' : 'inbound',
    text_body: parsed.text,
    html_body: parsed.html,
    snippet: snippetOf(parsed.text),
    auto_kind: parsed.autoKind,
    bounced_addresses: parsed.bouncedAddresses,
    raw_sha256: rawSha,
    size: raw.length,
    status: options.status ?? 'stored',
    send_at: options.sendAt ?? null,
    created_by: options.createdBy ?? null,
  });
  if (parsed.attachments.length > 0) {
    await tx
      .insertInto('email_attachments')
      .values(
        parsed.attachments.map((a, position) => ({
          workspace_id: box.workspaceId,
          id: newId(),
          email_id: id,
          position,
          filename: a.filename,
          content_type: a.contentType,
          size: a.content.length,
          sha256: files[position],
          content_id: a.contentId,
          inline: a.inline,
        })),
      )
      .execute();
  }
  if (options.location)
    await repo.addLocation(tx, box.workspaceId, options.location.folderId, options.location.uid, id);
  const links = await linksOf(tx, matches, options.extraLinks);
  for (const address of parsed.bouncedAddresses) {
    await tx
      .insertInto('email_bounces')
      .values({ workspace_id: box.workspaceId, address, bounced_at: sentAt, email_id: id })
      .onConflict((oc) => oc.columns(['workspace_id', 'address']).doUpdateSet({ bounced_at: sentAt, email_id: id }))
      .execute();
  }
  if (parsed.bouncedAddresses.length > 0) {
    // An undeliverable address lowers the data-quality score of whoever has it.
    await refreshQuality(tx, 'contacts', links.contactIds);
    await refreshQuality(tx, 'companies', links.companyIds);
  }
  await addEmailActivity(
    tx,
    box.workspaceId,
    {
      emailId: email.id,
      direction: email.direction,
      subject: email.subject,
      body: email.snippet,
      occurredAt: email.sent_at,
      authorId: outbound ? box.ownerId : null,
    },
    links,
  );
  return { emailId: id, created: true };
}
