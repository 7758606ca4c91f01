// The newest run's results as the lists read them: copied into contact_scores and
// company_scores (migration 0048), beside the records in `contacts_listed` and
// `companies_listed`. A run as of an earlier day than another finished run (a calibration run)
// leaves them alone. The copy goes in chunks, each its own short transaction; only changed
// rows are written, and customers the run no longer holds lose theirs (every record has its
// row of scores, see migration 0048).
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';

const chunk = 20_000;
const targets = { company: 'company_scores', contact: 'contact_scores' } as const;

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

/** Copies run `runId`'s results to its customers' scores when it is the newest run; returns whether it did. */
export async function publishRun(ctx: AppContext, scope: TenantScope, runId: string): Promise<boolean> {
  const { workspaceId } = scope;
  if (!(await inTenant(ctx.db.app, scope, (tx) => isNewest(tx, workspaceId, runId)))) return false;
  for (const [type, scores] of Object.entries(targets)) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const last = await inTenant(ctx.db.app, scope, async (tx) => {
        const { rows } = await sql<{ last: string }>`
          with part as (
            select customer_id, abc_class, rfm_segment, round(p_alive::numeric, 4) as p_alive, clv, churn_signal,
              revenue_window
            from customer_analytics
            where workspace_id = ${workspaceId} and run_id = ${runId} and customer_type = ${type}
              and customer_id > ${after}
            order by customer_id limit ${chunk}
          ), written as (
            update ${sql.table(scores)} s
            set abc_class = p.abc_class, rfm_segment = p.rfm_segment, p_alive = p.p_alive, clv = p.clv,
              churn_signal = p.churn_signal, window_revenue = p.revenue_window
            from part p
            where s.workspace_id = ${workspaceId} and s.id = p.customer_id
              and (s.abc_class, s.rfm_segment, s.p_alive, s.clv, s.churn_signal, s.window_revenue)
                is distinct from (p.abc_class, p.rfm_segment, p.p_alive, p.clv, p.churn_signal, p.revenue_window)
          )
          select customer_id as last from part order by customer_id desc limit 1`.execute(tx);
        return rows[0]?.last ?? null;
      });
      if (!last) break;
      after = last;
    }
    // Customers the run no longer holds (their orders were trashed or moved) lose the values.
    await inTenant(ctx.db.app, scope, (tx) =>
      sql`
        update ${sql.table(scores)} s
        set abc_class = null, rfm_segment = null, p_alive = null, clv = null, churn_signal = null, window_revenue = null
        where s.workspace_id = ${workspaceId}
          and coalesce(s.abc_class::text, s.rfm_segment, s.p_alive::text, s.clv::text, s.churn_signal,
                       s.window_revenue::text) is not null
          and not exists (
            select 1 from customer_analytics a
            where a.workspace_id = ${workspaceId} and a.run_id = ${runId} and a.customer_id = s.id
          )`.execute(tx),
    );
  }
  return true;
}
