// Two-factor sign-in (TOTP with recovery codes), the workspace's rule of who must use it,
// pending sign-ins waiting for their second factor, and sign-in attempts that can be told
// apart (the throttle counts an attempt before it is judged: docs/security.md).
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table workspaces add column two_factor_required text not null default 'nobody'
      check (two_factor_required in ('nobody', 'admins', 'everyone'));

    -- One row per user who started or finished the setup; enabled_at is null until the first
    -- code confirmed it. The secret is sealed (platform/secrets.ts). last_used_step: the
    -- newest 30-second step a code was accepted for; no code of it or before counts again.
    create table user_two_factor (
      workspace_id uuid not null,
      user_id uuid not null,
      secret_sealed bytea not null,
      enabled_at timestamptz(3),
      last_used_step bigint,
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, user_id),
      foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade
    );
    ${tenantTableSql('user_two_factor')}

    -- SHA-256 of each recovery code (60 random bits, shown once); used_at when spent.
    create table recovery_codes (
      workspace_id uuid not null,
      user_id uuid not null,
      code_hash bytea not null,
      used_at timestamptz(3),
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, user_id, code_hash),
      foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade
    );
    ${tenantTableSql('recovery_codes')}

    -- A password that was right, waiting for the second factor: no session yet. The cookie
    -- holds fy1.<workspace>.<id>.<secret>; only the secret's hash is kept.
    create table sign_in_challenges (
      workspace_id uuid not null,
      id uuid not null,
      user_id uuid not null,
      secret_hash bytea not null,
      email citext not null,
      attempts int not null default 0,
      expires_at timestamptz(3) not null,
      primary key (workspace_id, id),
      foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade
    );
    ${tenantTableSql('sign_in_challenges')}

    alter table login_failures add column id bigint generated always as identity;
  `)
    .execute(db);
}
