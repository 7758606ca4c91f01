// The newest run's results copied onto the customers themselves (contacts and companies, see
// migration 0042), where the lists filter and sort by them. A run as of an earlier day than
// another finished run (a calibration run) leaves the records alone. The copy goes in chunks,
// each its own transaction, so a nightly run never holds many customers' rows locked while
// people edit them; only changed rows are written.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';

const chunk = 5000;
const tables = { company: 'companies', contact: 'contacts' } as const;

/** The derived columns change no record in anybody's eyes: no audit entries for them. */
const quietly = (tx: Db) => sql`select set_config('farley.audit', 'off', true)`.execute(tx);

async function isNewest(tx: Db, workspaceId: string, runId: string): Promise<boolean> {
  const { rows } = await sql<{ newer: boolean }>`
    select exists (
      select 1 from analytics_runs o, analytics_runs r
      where r.workspace_id = ${workspaceId} and r.id = ${runId}
        and o.workspace_id = r.workspace_id and o.id <> r.id and o.finished_at is not null
        and (o.as_of > r.as_of or (o.as_of = r.as_of and o.started_at > r.started_at))
    ) as newer`.execute(tx);
  return !rows[0]?.newer;
}

/** Copies run `runId`'s results onto its customers when it is the newest run; returns whether it did. */
export async function publishRun(ctx: AppContext, scope: TenantScope, runId: string): Promise<boolean> {
  const { workspaceId } = scope;
  if (!(await inTenant(ctx.db.app, scope, (tx) => isNewest(tx, workspaceId, runId)))) return false;
  for (const [type, table] of Object.entries(tables)) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const last = await inTenant(ctx.db.app, scope, async (tx) => {
        await quietly(tx);
        const { rows } = await sql<{ last: string }>`
          with part as (
            select customer_id, abc_class, rfm_segment, round(p_alive::numeric, 4) as p_alive, clv, churn_signal,
              revenue_window
            from customer_analytics
            where workspace_id = ${workspaceId} and run_id = ${runId} and customer_type = ${type}
              and customer_id > ${after}
            order by customer_id limit ${chunk}
          ), written as (
            update ${sql.table(table)} t
            set abc_class = p.abc_class, rfm_segment = p.rfm_segment, p_alive = p.p_alive, clv = p.clv,
              churn_signal = p.churn_signal, window_revenue = p.revenue_window
            from part p
            where t.workspace_id = ${workspaceId} and t.id = p.customer_id
              and (t.abc_class, t.rfm_segment, t.p_alive, t.clv, t.churn_signal, t.window_revenue)
                is distinct from (p.abc_class, p.rfm_segment, p.p_alive, p.clv, p.churn_signal, p.revenue_window)
          )
          select customer_id as last from part order by customer_id desc limit 1`.execute(tx);
        return rows[0]?.last ?? null;
      });
      if (!last) break;
      after = last;
    }
    // Customers the run no longer holds (their orders were trashed or moved) lose the values.
    await inTenant(ctx.db.app, scope, async (tx) => {
      await quietly(tx);
      await sql`
        update ${sql.table(table)} t
        set abc_class = null, rfm_segment = null, p_alive = null, clv = null, churn_signal = null, window_revenue = null
        where t.workspace_id = ${workspaceId} and t.window_revenue is not null
          and not exists (
            select 1 from customer_analytics a
            where a.workspace_id = ${workspaceId} and a.run_id = ${runId} and a.customer_id = t.id
          )`.execute(tx);
    });
  }
  return true;
}
