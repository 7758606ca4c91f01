// The zero-setup default: an embedded PostgreSQL of its own, where the application logs in
// with a login of its own that owns nothing, while migrations run as the owner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../config.ts';
import { openContext } from '../../server.ts';
import { embeddedAppLogin } from './embedded.ts';
import { inTenant } from './tenant.ts';
import { freePort } from '../../testing/ports.ts';

test('the embedded server gives the application a login of its own that owns nothing and bypasses nothing', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'farley-embedded-'));
  // A configuration of its own: no DATABASE_URL, whatever the test run was given.
  const config = loadConfig({
    FARLEY_DATA_DIR: dataDir,
    FARLEY_PG_PORT: String(await freePort()),
    FARLEY_DEMO: '0',
    FARLEY_JOBS: '0',
  });
  const ctx = await openContext(config);
  try {
    const who = async (db: typeof ctx.db.app) =>
      (
        await sql<{ login: string; superuser: boolean; bypass: boolean }>`
      select session_user as login, rolsuper as superuser, rolbypassrls as bypass from pg_roles where rolname = session_user`.execute(
          db,
        )
      ).rows[0];
    assert.deepEqual(await who(ctx.db.app), { login: embeddedAppLogin, superuser: false, bypass: false });
    assert.equal((await who(ctx.db.owner)).login, 'farley');
    const tables = await sql<{ owned: number }>`
      select count(*)::int as owned from pg_class
       where relnamespace = current_schema()::regnamespace and pg_has_role(session_user, relowner, 'USAGE')`.execute(
      ctx.db.app,
    );
    assert.equal(tables.rows[0].owned, 0);
    const role = await inTenant(
      ctx.db.app,
      { workspaceId: crypto.randomUUID() },
      async (tx) => (await sql<{ role: string }>`select current_user as role`.execute(tx)).rows[0].role,
    );
    assert.equal(role, 'farley_app');
  } finally {
    await ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
