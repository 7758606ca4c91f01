// SQL of mailboxes.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Insertable } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { MailboxProblem } from '../../../contract/mailboxes.ts';

/** Live mailboxes: every one (`everyone`), else the user's own and their teams' shared ones. */
export async function listMailboxes(tx: Db, whose: { everyone: boolean; userId: string; teamIds: string[] }) {
  let query = tx.selectFrom('mailboxes').selectAll().where('deleted_at', 'is', null);
  if (!whose.everyone) {
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('owner_id', '=', whose.userId), eb('team_id', 'is', null)]),
        ...(whose.teamIds.length > 0 ? [eb('team_id', 'in', whose.teamIds)] : []),
      ]),
    );
  }
  return query.orderBy('name').orderBy('id').execute();
}

export async function findMailbox(tx: Db, id: string) {
  return tx.selectFrom('mailboxes').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function insertMailbox(tx: Db, values: Insertable<Database['mailboxes']>) {
  return tx.insertInto('mailboxes').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The outcome of a check; not a change of the settings, so the version stays. */
export async function recordCheck(tx: Db, id: string, problems: MailboxProblem[]) {
  return tx
    .updateTable('mailboxes')
    .set({ status: problems.length ? 'failing' : 'ok', problems: JSON.stringify(problems), checked_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Every mailbox's sealed passwords, of every workspace (the key rotation's maintenance). */
export async function allSealedPasswords(owner: Db) {
  return owner.selectFrom('mailboxes').select(['workspace_id', 'id', 'imap_password', 'smtp_password']).execute();
}

export async function replaceSealedPasswords(
  owner: Db,
  row: { workspace_id: string; id: string; imap_password: Buffer; smtp_password: Buffer },
) {
  await owner
    .updateTable('mailboxes')
    .set({ imap_password: row.imap_password, smtp_password: row.smtp_password })
    .where('workspace_id', '=', row.workspace_id)
    .where('id', '=', row.id)
    .execute();
}
