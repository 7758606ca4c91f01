// Login emails are no longer one workspace's: the same email may sign in to users of several
// workspaces (docs/security.md, "Login emails"). With the email alone as the key, an admin of
// one workspace learned (409) which emails other workspaces use, and could take an email
// before its owner's own company added them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table user_logins drop constraint user_logins_pkey;
    alter table user_logins add primary key (email, workspace_id);
    create unique index user_logins_user on user_logins (workspace_id, user_id);
  `)
    .execute(db);
}
