// What the API shows of a mailbox: everything but the passwords.
import type { Mailbox } from '../../../contract/mailboxes.ts';
import { iso, type Row } from '../../platform/presenting.ts';

const serverOf = (row: Row<'mailboxes'>, prefix: 'imap' | 'smtp') => ({
  host: row[`${prefix}_host`],
  port: row[`${prefix}_port`],
  security: row[`${prefix}_security`],
  trustSelfSigned: row[`${prefix}_trust_self_signed`],
  username: row[`${prefix}_username`],
  // The column is not null: every mailbox has both passwords, sealed.
  hasPassword: true as const,
});

export function presentMailbox(row: Row<'mailboxes'>): Mailbox {
  return {
    id: row.id,
    ownerId: row.owner_id,
    teamId: row.team_id,
    name: row.name,
    address: row.address,
    imap: serverOf(row, 'imap'),
    smtp: serverOf(row, 'smtp'),
    folders: row.folders,
    syncSince: row.sync_since,
    status: row.status,
    checkedAt: iso(row.checked_at),
    problems: row.problems.map((p) => ({ ...p, code: p.code as Mailbox['problems'][number]['code'] })),
    storeAll: row.store_all,
    signature: row.signature,
    syncState: row.sync_state,
    syncedAt: iso(row.synced_at),
    syncError: row.sync_error,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
