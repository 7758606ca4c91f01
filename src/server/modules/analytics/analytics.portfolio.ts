// The customer portfolio: current value against potential. The value is a fact (the latest
// run's ABC class: A and B are high); the potential is an assumption — entered per customer
// with its basis, or worked out by the workspace's rules (employees × yearly spend per
// employee for the industry, a rule without industry for the rest) — and the line between high
// and low potential is the median potential of the run's customers. Each field has its
// classic strategy: invest (high, high), develop (low value, high potential), maintain (high
// value, low potential), withdraw (low, low).
import { sql } from 'kysely';
import type { CustomerPotential, Portfolio, PotentialRule } from '../../../contract/analytics.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { personNameSql } from '../../platform/db/names.ts';
import { invalid } from '../../platform/errors.ts';

type Field = 'invest' | 'develop' | 'maintain' | 'withdraw';
const fields: Field[] = ['invest', 'develop', 'maintain', 'withdraw'];

/**
 * The potential rule for company row `alias` (its industry's, else the one for all others) with
 * the amount it gives: employees × spend per employee; none without an employee count.
 */
const ruleOf = (alias: string) => {
  const c = (column: string) => sql.ref(`${alias}.${column}`);
  return sql`select round(r.per_employee * ${c('employee_count')}, 2) as amount, r.basis from potential_rules r
     where r.workspace_id = ${c('workspace_id')} and ${c('employee_count')} is not null
       and (r.industry is null or lower(r.industry) = lower(${c('industry')}))
     order by r.industry is null limit 1`;
};

/** Every analysed customer with its potential (entered first, else by rule), as SQL. */
const potentials = (ws: string) => sql`
  select 'company' as type, c.id, c.name, c.abc_class, c.window_revenue,
         coalesce(p.amount, rule.amount) as potential
    from companies_listed c
    left join customer_potentials p on p.workspace_id = c.workspace_id and p.customer_id = c.id
    left join lateral (${ruleOf('c')}) rule on true
   where c.workspace_id = ${ws} and c.deleted_at is null and c.window_revenue is not null
  union all
  select 'contact', t.id, ${personNameSql('t')}, t.abc_class, t.window_revenue, p.amount
    from contacts_listed t
    left join customer_potentials p on p.workspace_id = t.workspace_id and p.customer_id = t.id
   where t.workspace_id = ${ws} and t.deleted_at is null and t.window_revenue is not null`;

const fieldSql = sql`case when x.potential >= m.median
    then case when x.abc_class in ('A', 'B') then 'invest' else 'develop' end
    else case when x.abc_class in ('A', 'B') then 'maintain' else 'withdraw' end end`;

export async function readPortfolio(tx: Db, ws: string): Promise<Portfolio> {
  const run = await sql<{ currency: string; as_of: string }>`
    select currency, as_of from analytics_runs where workspace_id = ${ws} and finished_at is not null
     order by as_of desc, started_at desc limit 1`.execute(tx);
  const { rows } = await sql<{
    field: Field | null;
    customers: number;
    revenue: string;
    potential: string;
    median: string | null;
    top: Portfolio['fields'][number]['top'] | null;
  }>`
    with x as materialized (${potentials(ws)}),
    m as (select percentile_cont(0.5) within group (order by potential)::numeric(16,2) as median
            from x where potential is not null),
    f as (select x.*, ${fieldSql} as field from x, m where x.potential is not null)
    select g.field, g.customers, g.revenue, g.potential, (select median from m) as median,
           (select json_agg(json_build_object('type', t.type, 'id', t.id, 'name', t.name,
                  'revenue', t.window_revenue::text, 'potential', t.potential::text))
              from (select * from f where f.field = g.field
                     order by f.potential - f.window_revenue desc, f.id limit 5) t) as top
      from (select field, count(*)::int as customers, coalesce(sum(window_revenue), 0)::text as revenue,
                   coalesce(sum(potential), 0)::text as potential
              from f group by field) g
    union all
    select null, count(*)::int, '0', '0', null, null from x where potential is null`.execute(tx);
  const byField = new Map(rows.filter((r) => r.field).map((r) => [r.field, r]));
  return {
    currency: run.rows[0]?.currency ?? null,
    asOf: run.rows[0]?.as_of ?? null,
    potentialMedian: rows.find((r) => r.median !== null)?.median ?? null,
    fields: fields.map((field) => {
      const row = byField.get(field);
      return {
        field,
        customers: row?.customers ?? 0,
        revenue: row?.revenue ?? '0',
        potential: row?.potential ?? '0',
        top: row?.top ?? [],
      };
    }),
    withoutPotential: rows.find((r) => r.field === null)?.customers ?? 0,
  };
}

/** A customer's potential, where it comes from, and their field of the portfolio. */
export async function readPotential(tx: Db, ws: string, customerId: string): Promise<CustomerPotential> {
  const { rows } = await sql<{
    amount: string | null;
    basis: string | null;
    source: 'entered' | 'imported' | 'rule' | null;
    set_by: string | null;
    set_at: Date | null;
    revenue: string | null;
    field: Field | null;
  }>`
    with x as materialized (${potentials(ws)}),
    m as (select percentile_cont(0.5) within group (order by potential)::numeric(16,2) as median
            from x where potential is not null),
    me as (
      select c.id, c.window_revenue, c.abc_class, coalesce(p.amount, rule.amount) as potential,
             coalesce(p.basis, rule.basis) as basis, case when p.id is not null then p.source when rule.amount is not null then 'rule' end as source,
             p.set_by, p.set_at
        from (select workspace_id, id, window_revenue, abc_class, employee_count, industry from companies_listed
               where workspace_id = ${ws} and id = ${customerId}
              union all
              select workspace_id, id, window_revenue, abc_class, null, null from contacts_listed
               where workspace_id = ${ws} and id = ${customerId}) c
        left join customer_potentials p on p.workspace_id = ${ws} and p.customer_id = c.id
        left join lateral (${ruleOf('c')}) rule on true
    )
    select me.potential::text as amount, me.basis, me.source, me.set_by, me.set_at, me.window_revenue::text as revenue,
           case when me.potential is null or me.window_revenue is null then null
                else (select ${fieldSql} from (select me.potential, me.abc_class) x, m) end as field
      from me`.execute(tx);
  const row = rows[0];
  const amount = row?.amount ?? null;
  return {
    potential:
      amount !== null && row?.source
        ? {
            amount,
            basis: row.basis ?? '',
            source: row.source,
            setBy: row.set_by,
            setAt: row.set_at?.toISOString() ?? null,
          }
        : null,
    revenueWindow: row?.revenue ?? null,
    shareOfWallet: amount !== null && Number(amount) > 0 && row?.revenue ? Number(row.revenue) / Number(amount) : null,
    field: row?.field ?? null,
  };
}

export async function writePotential(
  tx: Db,
  ws: string,
  customer: { type: 'company' | 'contact'; id: string },
  input: { amount: string; basis: string },
  userId: string,
) {
  await sql`
    insert into customer_potentials (workspace_id, id, customer_type, customer_id, amount, basis, set_by)
    values (${ws}, ${newId()}, ${customer.type}, ${customer.id}, ${input.amount}, ${input.basis}, ${userId})
    on conflict (workspace_id, customer_id) do update
      set amount = excluded.amount, basis = excluded.basis, source = 'entered', set_by = excluded.set_by, set_at = now()`.execute(
    tx,
  );
}

export async function clearPotential(tx: Db, ws: string, customerId: string) {
  await sql`delete from customer_potentials where workspace_id = ${ws} and customer_id = ${customerId}`.execute(tx);
}

export async function readRules(tx: Db, ws: string): Promise<PotentialRule[]> {
  const { rows } = await sql<{ industry: string | null; per_employee: string; basis: string }>`
    select industry, per_employee, basis from potential_rules where workspace_id = ${ws}
     order by industry is null, lower(industry)`.execute(tx);
  return rows.map((r) => ({ industry: r.industry, perEmployee: r.per_employee, basis: r.basis }));
}

/** Replaces the rules; two for one industry (or two without) are refused, naming the second. */
export async function writeRules(tx: Db, ws: string, rules: PotentialRule[]): Promise<PotentialRule[]> {
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const key = (rule.industry ?? '').toLowerCase();
    if (seen.has(key))
      throw invalid([{ path: `data.${index}.industry`, message: 'a rule for this industry is there already' }]);
    seen.add(key);
  });
  await sql`delete from potential_rules where workspace_id = ${ws}`.execute(tx);
  if (rules.length)
    await tx
      .insertInto('potential_rules')
      .values(
        rules.map((rule) => ({
          workspace_id: ws,
          id: newId(),
          industry: rule.industry,
          per_employee: rule.perEmployee,
          basis: rule.basis,
        })),
      )
      .execute();
  return readRules(tx, ws);
}
