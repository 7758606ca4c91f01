// The suggestions of an analytics run: one ranked set of next best actions per workspace, made
// from the run's results in SQL (a workspace may have hundreds of thousands of customers).
// The open suggestions of the run before are replaced; decided ones stay, and a suggestion
// decided in the last 30 days (the same customer, kind and product or quote) is not made again.
//
// Each kind and its expected value (what the action may bring, in the run's currency):
// - retain: an A or B customer with P(alive) under 0.5 or a churn signal; the revenue of the
//   window times the risk: 1 − P(alive), and at least 0.5 with a churn signal or without a
//   prediction (a customer overdue against their own rhythm is at risk whatever the model says).
// - revive: no revenue in the window but, in the window before, as much as a B customer of
//   this run has at least; that earlier revenue times P(alive) (0.2 without a prediction).
// - crossSell: for A and B customers, the product with the most confident rule they do not
//   have; the confidence times what a customer of that product buys on average. An up-sell
//   when it is of the same product group as the product it follows from, at a higher price.
// - followUpQuote: a sent quote, still valid, with no answer for 7 days; its net total times the
//   deal's probability, else the workspace's acceptance rate of the last 12 months (0.3 until
//   10 quotes were decided).
// - completeData: an A or B customer without email or phone, address, or with an invalid one;
//   no value of its own, ranked at 1 % of the customer's revenue.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export const assumed = { risk: 0.5, revival: 0.2, acceptance: 0.3, quoteSilentDays: 7, decidedDays: 30 };
const missingData = ['missing_email_or_phone', 'missing_address', 'invalid_email', 'invalid_phone'];

export async function makeNextActions(
  tx: Db,
  run: { workspaceId: string; runId: string; asOf: string; currency: string },
): Promise<number> {
  const { workspaceId: ws, runId, asOf, currency } = run;
  await sql`delete from next_actions where workspace_id = ${ws} and status = 'open'`.execute(tx);
  const result = await sql`
    insert into next_actions (workspace_id, id, run_id, customer_type, customer_id, owner_id, kind, subject_id, score,
      expected_value, currency, reason)
    with ca as (
      select * from customer_analytics where workspace_id = ${ws} and run_id = ${runId}
    ), b_floor as (
      select coalesce(min(revenue_window), 'infinity'::numeric) as revenue from ca where abc_class = 'B'
    ), acceptance as (
      select case when count(*) >= 10 then (count(*) filter (where status = 'accepted'))::float8 / count(*)
                  else ${assumed.acceptance}::float8 end as rate
        from quotes
       where workspace_id = ${ws} and deleted_at is null and status in ('accepted', 'declined')
         and decided_at >= ${asOf}::date - interval '12 months'
    ), worth as materialized (
      select product_id, sum(revenue) / count(*) as per_customer from customer_products
       where workspace_id = ${ws} and currency = ${currency} and product_id is not null and lines > 0
       group by product_id
    ), gone as materialized (
      select coalesce(array_agg(id), '{}') as ids from products
       where workspace_id = ${ws} and (deleted_at is not null or not active)
    ), best_rule as materialized (
      -- Per customer, from the rules of the products they hold (index lookups, not one join of
      -- every customer's products with every rule, which sorted tens of millions of rows).
      select ca.customer_id, ca.customer_type, b.other_id, b.product_id, b.confidence
        from ca
        cross join gone
        cross join lateral (
          select array_agg(h.product_id) as products from customer_products h
           where h.workspace_id = ${ws} and h.customer_id = ca.customer_id and h.product_id is not null
             and h.lines > 0) own
        cross join lateral (
          select r.other_id, r.product_id, r.confidence from product_rules r
           where r.workspace_id = ${ws} and r.run_id = ${runId} and r.product_id = any(own.products)
             and r.other_id <> all(own.products) and r.other_id <> all(gone.ids)
           order by r.confidence desc, r.lift desc, r.other_id
           limit 1) b
       where ca.abc_class in ('A', 'B')
    ), candidates as (
      select customer_type, customer_id, null::uuid as owner_id, 'retain' as kind, null::uuid as subject_id,
             revenue_window * greatest(coalesce(1 - p_alive, ${assumed.risk}::float8),
               case when churn_signal is not null then ${assumed.risk}::float8 else 0 end)::numeric as value,
             jsonb_build_object('abcClass', abc_class, 'pAlive', p_alive, 'churnSignal', churn_signal,
               'revenue', revenue_window) as reason
        from ca
       where abc_class in ('A', 'B') and (p_alive < 0.5 or churn_signal is not null)
      union all
      select customer_type, customer_id, null, 'revive', null,
             revenue_previous * coalesce(p_alive, ${assumed.revival})::numeric,
             jsonb_build_object('previous', revenue_previous, 'pAlive', p_alive, 'lastOrder', last_order)
        from ca, b_floor
       where revenue_window <= 0 and revenue_previous >= b_floor.revenue
      union all
      select b.customer_type, b.customer_id, null, 'crossSell', b.other_id,
             (b.confidence * w.per_customer)::numeric,
             jsonb_build_object('product', jsonb_build_object('id', p.id, 'name', p.name),
               'because', jsonb_build_object('id', q.id, 'name', q.name), 'confidence', b.confidence,
               'upSell', p.product_group is not null and p.product_group = q.product_group
                 and p.list_price > q.list_price)
        from best_rule b
        join worth w on w.product_id = b.other_id
        join products p on p.workspace_id = ${ws} and p.id = b.other_id
        join products q on q.workspace_id = ${ws} and q.id = b.product_id
      union all
      select case when q.company_id is not null then 'company' else 'contact' end,
             coalesce(q.company_id, q.contact_id), q.owner_id, 'followUpQuote', q.id,
             q.net_total * coalesce(d.probability / 100.0, (select rate from acceptance))::numeric,
             jsonb_build_object('quote', jsonb_build_object('id', q.id, 'number', q.number, 'netTotal', q.net_total,
               'currency', q.currency, 'sentAt', q.sent_at),
               'days', (${asOf}::date - q.sent_at::date), 'probability', d.probability)
        from quotes q
        left join deals d on d.workspace_id = q.workspace_id and d.id = q.deal_id and d.deleted_at is null
       where q.workspace_id = ${ws} and q.deleted_at is null and q.status = 'sent' and q.currency = ${currency}
         and q.valid_until >= ${asOf}::date and q.sent_at < ${asOf}::date - ${assumed.quoteSilentDays}::int
      union all
      select ca.customer_type, ca.customer_id, null, 'completeData', null, null,
             jsonb_build_object('missing', to_jsonb(array(
               select unnest(coalesce(co.quality_reasons, ct.quality_reasons))
               intersect select unnest(${missingData}::text[]))), 'revenue', ca.revenue_window)
        from ca
        left join companies co on ca.customer_type = 'company' and co.workspace_id = ${ws} and co.id = ca.customer_id
        left join contacts ct on ca.customer_type = 'contact' and ct.workspace_id = ${ws} and ct.id = ca.customer_id
       where ca.abc_class in ('A', 'B')
         and coalesce(co.quality_reasons, ct.quality_reasons) && ${missingData}::text[]
    )
    select ${ws}::uuid, gen_random_uuid(), ${runId}::uuid, c.customer_type, c.customer_id,
           coalesce(c.owner_id, co.owner_id, ct.owner_id), c.kind, c.subject_id,
           coalesce(c.value, r.revenue_window * 0.01, 0)::float8, round(c.value, 2), ${currency}, c.reason
      from candidates c
      left join ca r on r.customer_id = c.customer_id
      left join companies co on c.customer_type = 'company' and co.workspace_id = ${ws} and co.id = c.customer_id
        and co.deleted_at is null
      left join contacts ct on c.customer_type = 'contact' and ct.workspace_id = ${ws} and ct.id = c.customer_id
        and ct.deleted_at is null
     where (co.id is not null or ct.id is not null)
       and not exists (
         select 1 from next_actions d
          where d.workspace_id = ${ws} and d.customer_id = c.customer_id and d.kind = c.kind and d.status <> 'open'
            and d.subject_id is not distinct from c.subject_id and d.decided_at > now() - ${`${assumed.decidedDays} days`}::interval)`.execute(
    tx,
  );
  return Number(result.numAffectedRows ?? 0);
}
