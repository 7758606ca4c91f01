// SQL of email templates. A user sees the workspace's templates (owner_id null) and their own.
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { EmailTemplatesTable } from '../../platform/db/schema.ts';

export type EmailTemplateRow = NonNullable<Awaited<ReturnType<typeof findVisibleTemplate>>>;

/** Live templates the user sees: the workspace's and their own, by name; optionally of one language. */
export function listVisibleTemplates(tx: Db, userId: string, language?: 'de' | 'en') {
  let query = tx
    .selectFrom('email_templates')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', userId)]));
  if (language) query = query.where('language', '=', language);
  return query.orderBy(sql`name collate "und-x-icu"`).orderBy('id').execute();
}

/** A live template the user sees, else undefined (another's personal template is not theirs to know of). */
export function findVisibleTemplate(tx: Db, id: string, userId: string) {
  return tx
    .selectFrom('email_templates')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', userId)]))
    .executeTakeFirst();
}

export function insertTemplate(tx: Db, values: Insertable<EmailTemplatesTable>) {
  return tx.insertInto('email_templates').values(values).returningAll().executeTakeFirstOrThrow();
}
