// Puts many contacts into one workspace quickly, for the list's scroll test: one INSERT …
// SELECT from generate_series inside PostgreSQL (no rows travel over the wire), no audit
// rows, no index dropped (other browser tests use the same database at the same time).
// The lookup columns (email_list, cities, …) stay empty: fewer index entries, faster.
// Contacts are "Massen" with the first names 000001 … (zero-padded), so the default sort
// (last name, first name) puts contact n in row n.
// Usage: DATABASE_URL=… node --import tsx tests/e2e/seedContacts.ts <workspaceId> <userId> <count>
import pg from 'pg';

const [workspaceId, userId, countText] = process.argv.slice(2);
const count = Number(countText);
if (!workspaceId || !userId || !Number.isInteger(count) || !process.env.DATABASE_URL) {
  throw new Error('usage: DATABASE_URL=… seedContacts.ts <workspaceId> <userId> <count>');
}

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  await client.query('begin');
  // Seeding is not a user's change: no audit rows.
  await client.query(`set local farley.audit = 'off'`);
  // As the database owner, also skip the triggers (audit, foreign-key checks) outright.
  await client.query('savepoint replica');
  await client
    .query('set local session_replication_role = replica')
    .catch(() => client.query('rollback to savepoint replica'));
  await client.query('set local synchronous_commit = off');
  const result = await client.query(
    `
    insert into contacts (workspace_id, id, first_name, last_name, emails, addresses, lifecycle_stage, owner_id, search_text)
    select $1::uuid, gen_random_uuid(), n, 'Massen',
           jsonb_build_array(jsonb_build_object('email', 'massen.' || n || '@example.de', 'label', 'work', 'primary', true)),
           jsonb_build_array(jsonb_build_object('street', 'Lange Reihe ' || i, 'postalCode', '20099', 'city', 'Hamburg', 'country', 'DE')),
           (array['lead', 'prospect', 'customer'])[1 + i % 3], $2::uuid, 'massen ' || n
      from generate_series(1, $3::int) as i, lpad(i::text, 6, '0') as n`,
    [workspaceId, userId, count],
  );
  // Each contact's row of analytics scores, which a trigger adds when triggers run (0048):
  // without it the lists, which join the scores, would not show the contacts.
  await client.query(
    `insert into contact_scores (workspace_id, id) select workspace_id, id from contacts where workspace_id = $1
     on conflict do nothing`,
    [workspaceId],
  );
  await client.query('commit');
  await client.query('analyze contacts, contact_scores');
  process.stdout.write(`${JSON.stringify({ contacts: result.rowCount })}\n`);
} catch (error) {
  await client.query('rollback').catch(() => {});
  throw error;
} finally {
  await client.end();
}
