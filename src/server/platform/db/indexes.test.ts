// Index settings that keep reads fast while the data changes (migration 0014).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Harness } from '../../testing/harness.ts';
import { pendingListKb } from '../../db/migrations/0014_gin_pending_lists.ts';

let h: Harness;

before(async () => {
  h = await harness();
});
after(() => h.close());

test('every GIN index keeps a short pending list, so no scan reads megabytes of new entries', async () => {
  const { rows } = await sql<{ name: string; options: string[] | null }>`
    select i.relname as name, i.reloptions as options from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_am am on am.oid = i.relam
      join pg_namespace n on n.oid = i.relnamespace
     where am.amname = 'gin' and n.nspname = 'public' order by 1`.execute(h.ctx.db.owner);
  assert.ok(rows.some((r) => r.name === 'contacts_words') && rows.length >= 15, rows.map((r) => r.name).join(','));
  for (const row of rows) {
    assert.ok(row.options?.includes(`gin_pending_list_limit=${pendingListKb}`), `${row.name}: ${row.options}`);
  }
});
