// For tests: what customers bought (customer_products, 0038) as kept by the triggers and the
// bulk import, next to the same rows computed afresh from the orders; an orders file imported.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Client, Harness } from '../../testing/harness.ts';

type Row = {
  customer_id: string;
  currency: string;
  product_key: string;
  quantity: string;
  revenue: string;
  lines: number;
};

/** The kept rows and the rows computed afresh from the orders, as the owner sees them. */
export async function keptAndComputed(h: Harness, workspaceId: string): Promise<[Row[], Row[]]> {
  return h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.maintenance = 'on'`.execute(tx);
    const order = sql`order by customer_id, currency, product_key`;
    const { rows: kept } = await sql<Row>`
      select customer_id, currency, product_key, quantity::numeric::text as quantity,
             revenue::numeric::text as revenue, lines
        from customer_products where workspace_id = ${workspaceId} ${order}`.execute(tx);
    await sql`savepoint computed`.execute(tx);
    await sql`select farley_customer_products_rebuild(${workspaceId})`.execute(tx);
    const { rows: computed } = await sql<Row>`
      select customer_id, currency, product_key, quantity::numeric::text as quantity,
             revenue::numeric::text as revenue, lines
        from customer_products where workspace_id = ${workspaceId} ${order}`.execute(tx);
    await sql`rollback to savepoint computed`.execute(tx);
    return [kept, computed];
  });
}

const normal = (rows: Row[]) =>
  rows.map((r) => ({ ...r, quantity: String(Number(r.quantity)), revenue: String(Number(r.revenue)) }));

/** Asserts that the kept rows are what the orders say; returns them. */
export async function productsKept(h: Harness, api: Client, step: string): Promise<Row[]> {
  const [kept, computed] = await keptAndComputed(h, api.workspaceId);
  assert.deepEqual(normal(kept), normal(computed), `after ${step}`);
  return kept;
}

/** An orders file uploaded for import (its mapping guessed). */
export async function upload(client: Client, text: string) {
  const res = await client.request('POST', '/api/v1/imports?fileName=auftraege.csv&recordType=orders', text, {
    'content-type': 'text/csv',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; guessedMapping: Record<string, unknown> };
}

/** An orders file imported with its guessed mapping, to the end. */
export async function run(client: Client, text: string, extra: Record<string, unknown> = {}) {
  const { id, guessedMapping } = await upload(client, text);
  const started = await client.post(`/api/v1/imports/${id}/start`, {
    recordType: 'orders',
    mapping: guessedMapping,
    ...extra,
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/v1/imports/${id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}
