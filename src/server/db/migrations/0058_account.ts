// The personal account page and password resets (issue 25): sessions remember the browser and
// address they were started from, a login remembers its last sign-in (user_logins, so that
// signing in does not change the audited user row), and password reset links are stored as
// hashes of their secret, single use, with an expiry.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table sessions add column user_agent text, add column ip text;
    create index sessions_user on sessions (workspace_id, user_id);

    alter table user_logins add column last_sign_in_at timestamptz(3);

    create table password_resets (
      workspace_id uuid not null,
      id uuid not null,
      user_id uuid not null,
      secret_hash bytea not null,
      -- 'email': asked for on the sign-in page (1 hour); 'admin': issued by an admin (24 hours).
      issued_by text not null check (issued_by in ('email', 'admin')),
      created_by uuid,
      created_at timestamptz(3) not null default now(),
      expires_at timestamptz(3) not null,
      used_at timestamptz(3),
      primary key (workspace_id, id),
      foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
    );
    create index password_resets_user on password_resets (workspace_id, user_id);
    ${tenantTableSql('password_resets')}
  `)
    .execute(db);
}
