// For tests: the monthly order-line totals (order_line_months, 0043) as kept by the triggers
// and the bulk paths, next to the same rows computed afresh from the lines.
import { sql } from 'kysely';
import type { Harness } from '../../testing/harness.ts';

/** The monthly totals as the triggers kept them, and as computed afresh from the lines. */
export async function monthsKeptAndComputed(h: Harness, workspaceId: string) {
  return h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.maintenance = 'on'`.execute(tx);
    const read = async () =>
      (
        await sql<Record<string, unknown>>`
          select month::text, currency, status, kind, product_id, quantity::numeric::float8 as quantity,
                 net_amount::numeric::float8 as net_amount, lines
            from order_line_months where workspace_id = ${workspaceId}
           order by month, currency, status, kind, product_id`.execute(tx)
      ).rows;
    const kept = await read();
    await sql`savepoint computed`.execute(tx);
    await sql`select farley_order_line_months_rebuild(${workspaceId})`.execute(tx);
    const computed = await read();
    await sql`rollback to savepoint computed`.execute(tx);
    return [kept, computed];
  });
}
