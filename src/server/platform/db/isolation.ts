// The start-up check that row-level security binds the application: Farley refuses to serve
// requests when its tenant transactions, or its own login, could read past the policies
// (docs/security.md).
import { sql } from 'kysely';
import type { Databases, Db } from './database.ts';
import { inTenant } from './tenant.ts';

/** The role that may read across workspaces, and only when it says so (migration 0016). */
export const maintenanceRole = 'farley_maintenance';

interface Privileges {
  name: string;
  superuser: boolean;
  bypassrls: boolean;
  /** A table with row-level security this role owns (or may act as the owner of). */
  owned: string | null;
  maintains: boolean;
}

/** What `role` (an SQL expression naming a role) may do beyond what the policies allow. */
async function privilegesOf(tx: Db, role: 'current_user' | 'session_user'): Promise<Privileges> {
  const who = sql.raw(role);
  const { rows } = await sql<Privileges>`
    select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
           (select min(c.relname) from pg_class c
             where c.relnamespace = current_schema()::regnamespace and c.relrowsecurity
               and pg_has_role(${who}, c.relowner, 'USAGE')) as owned,
           exists (select from pg_roles m where m.rolname = ${maintenanceRole}
                     and pg_has_role(${who}, m.oid, 'USAGE')) as maintains
      from pg_roles r where r.rolname = ${who}`.execute(tx);
  return rows[0];
}

function complaints(what: string, privileges: Privileges): string[] {
  const role = `"${privileges.name}"`;
  const found: string[] = [];
  if (privileges.superuser) found.push(`${what} ${role} is a superuser`);
  if (privileges.bypassrls) found.push(`${what} ${role} has BYPASSRLS`);
  if (privileges.owned) found.push(`${what} ${role} owns the table ${privileges.owned}`);
  if (privileges.maintains) found.push(`${what} ${role} is a member of ${maintenanceRole}`);
  return found;
}

/**
 * Everything that would let a request see past row-level security: an empty list when
 * isolation holds. Checks the role tenant transactions run as, the application's own login
 * when it has one, and that every table with policies forces them on its owner too.
 */
export async function isolationProblems(databases: Databases): Promise<string[]> {
  const noWorkspace = '00000000-0000-0000-0000-000000000000';
  return inTenant(databases.app, { workspaceId: noWorkspace }, async (tx) => {
    const problems = complaints('the role of tenant transactions', await privilegesOf(tx, 'current_user'));
    if (databases.separateAppLogin)
      problems.push(...complaints('the application login', await privilegesOf(tx, 'session_user')));
    const { rows } = await sql<{ name: string }>`
      select relname as name from pg_class
       where relnamespace = current_schema()::regnamespace and relrowsecurity and not relforcerowsecurity
       order by 1`.execute(tx);
    if (rows.length > 0) problems.push(`row-level security is not forced on ${rows.map((row) => row.name).join(', ')}`);
    return problems;
  });
}

/** Throws, with what is wrong and where to read about it, unless isolation holds. */
export async function assertIsolation(databases: Databases): Promise<void> {
  const problems = await isolationProblems(databases);
  if (problems.length === 0) return;
  throw new Error(
    `Farley will not serve requests: workspaces would not be isolated, because ${problems.join('; ')}. ` +
      'The application must connect with a login that owns no table, is no superuser and lacks BYPASSRLS ' +
      '(FARLEY_APP_DATABASE_URL, a member of farley_app); see docs/security.md.',
  );
}
