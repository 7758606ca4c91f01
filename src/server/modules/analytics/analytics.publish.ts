// The newest run's results as the lists read them: copied into contact_scores and
// company_scores (migration 0048), beside the records in `contacts_listed` and
// `companies_listed`. A run as of an earlier day than another finished run (a calibration run)
// leaves them alone. The copy goes in chunks, each its own short transaction; only changed
// rows are written, and customers the run no longer holds lose theirs.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';

const chunk = 20_000;
const targets = {
  company: { records: 'companies', scores: 'company_scores' },
  contact: { records: 'contacts', scores: 'contact_scores' },
} as const;

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
  for (const [type, { records, scores }] of Object.entries(targets)) {
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
            insert into ${sql.table(scores)} as s
              (workspace_id, id, abc_class, rfm_segment, p_alive, clv, churn_signal, window_revenue)
            select ${workspaceId}, p.customer_id, p.abc_class, p.rfm_segment, p.p_alive, p.clv, p.churn_signal,
                   p.revenue_window
              from part p
             -- a customer deleted since the run has no scores to keep
             where exists (select 1 from ${sql.table(records)} t where t.workspace_id = ${workspaceId} and t.id = p.customer_id)
            on conflict (workspace_id, id) do update
              set abc_class = excluded.abc_class, rfm_segment = excluded.rfm_segment, p_alive = excluded.p_alive,
                  clv = excluded.clv, churn_signal = excluded.churn_signal, window_revenue = excluded.window_revenue
              where (s.abc_class, s.rfm_segment, s.p_alive, s.clv, s.churn_signal, s.window_revenue)
                is distinct from (excluded.abc_class, excluded.rfm_segment, excluded.p_alive, excluded.clv,
                  excluded.churn_signal, excluded.window_revenue)
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
        delete from ${sql.table(scores)} s
        where s.workspace_id = ${workspaceId}
          and not exists (
            select 1 from customer_analytics a
            where a.workspace_id = ${workspaceId} and a.run_id = ${runId} and a.customer_id = s.id
          )`.execute(tx),
    );
  }
  return true;
}
