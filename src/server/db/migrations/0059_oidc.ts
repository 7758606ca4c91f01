// OpenID Connect sign-in (issue 25): a workspace's identity provider (one per workspace), and
// the email domains it serves, kept globally like user_logins so that the sign-in page can
// offer "Sign in with …" for an email before anyone knows which workspace it belongs to. The
// domain table names only workspaces that chose to be found by their domains.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table oidc_providers (
      workspace_id uuid not null primary key references workspaces (id) on delete cascade,
      enabled boolean not null default true,
      issuer text not null,
      client_id text not null,
      -- Sealed with the installation's secret key (platform/secrets.ts), never stored plain.
      client_secret bytea not null,
      label text not null,
      allowed_domains text[] not null default '{}',
      password_sign_in boolean not null default true,
      auto_create boolean not null default false,
      default_role text not null default 'agent' check (default_role in ('viewer', 'agent', 'manager', 'admin')),
      updated_at timestamptz(3) not null default now()
    );
    ${tenantTableSql('oidc_providers')}

    create table oidc_domains (
      domain text not null,
      workspace_id uuid not null references workspaces (id) on delete cascade,
      primary key (domain, workspace_id)
    );
    create index oidc_domains_workspace on oidc_domains (workspace_id);
    grant select, insert, update, delete on oidc_domains to farley_app;
  `)
    .execute(db);
}
