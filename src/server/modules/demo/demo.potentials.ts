// The demo's potentials, so that the customer portfolio has something to show: a rule per
// industry for the companies with an employee count, and a few potentials entered by the
// sales team with their basis — two big customers near their ceiling, two small ones with
// far more room, as a conversation would have found.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { newId } from '../../platform/db/records.ts';
import { inTenant } from '../../platform/db/tenant.ts';

const rules: Array<[string | null, string, string]> = [
  ['Maschinenbau', '60.00', 'Branchenschnitt Maschinenbau (Verbandsstatistik) × Mitarbeiterzahl'],
  ['Gastronomie', '45.00', 'Branchenschnitt Gastronomie × Mitarbeiterzahl'],
  [null, '25.00', 'Branchenschnitt × Mitarbeiterzahl'],
];

export async function seedDemoPotentials(ctx: AppContext, workspaceId: string, userId: string): Promise<number> {
  return inTenant(ctx.db.app, { workspaceId, userId }, async (tx) => {
    for (const [industry, perEmployee, basis] of rules)
      await sql`insert into potential_rules (workspace_id, id, industry, per_employee, basis)
        values (${workspaceId}, ${newId()}, ${industry}, ${perEmployee}, ${basis})`.execute(tx);
    const { rows } = await sql<{ id: string; revenue: string; rank: number; last: number }>`
      select id, window_revenue as revenue, row_number() over (order by window_revenue desc, id)::int as rank,
             row_number() over (order by window_revenue, id)::int as last
        from companies_listed where workspace_id = ${workspaceId} and deleted_at is null and window_revenue > 0`.execute(
      tx,
    );
    let entered = 0;
    for (const row of rows) {
      const big = row.rank <= 2;
      const small = row.last <= 2;
      if (!big && !small) continue;
      await sql`insert into customer_potentials (workspace_id, id, customer_type, customer_id, amount, basis, set_by)
        values (${workspaceId}, ${newId()}, 'company', ${row.id}, ${(Number(row.revenue) * (big ? 1.3 : 12)).toFixed(2)},
          ${big ? 'Einkaufsvolumen laut Jahresgespräch' : 'Bedarf laut Erstgespräch, Wettbewerber liefert bisher'},
          ${userId})`.execute(tx);
      entered++;
    }
    return entered;
  });
}
