// The records a partner may see, as a condition a list can start from. Record access is
// decided row by row by the tables' policies (migration 0062); for a partner, who sees a few
// hundred records of a million, a list that only has the policies walks its whole sort index
// to find them (seconds at a million contacts, docs/performance.md "Partners at a million
// contacts"). This condition names, by the owner indexes, a set that holds every record the
// policies let a partner see: the planner starts from it, and the policies still decide.
// Only for partners: their scope is never `all` (farley_scope), and a dense scope (a rep who
// owns a quarter of everything) is faster with the policies alone.
import { sql, type RawBuilder } from 'kysely';

export type VisibleType = 'contact' | 'company' | 'deal' | 'activity';

/**
 * The owners whose records a partner sees by ownership: their partner organisation, the
 * partner included (farley_team_users). With the scope `own` that is more than the policies
 * allow, which is fine: the set may hold more, never less. A plain call, not a subquery, so
 * that the planner estimates the set as small and starts from it.
 */
const owners = sql`farley_team_users()`;

/**
 * `alias.id` is among the records of `type` a partner may see, or among a few more (the
 * policies remove those): owned by their organisation, or for contacts and companies with a
 * deal of theirs (the policies' "through" way).
 */
export function visibleToPartner(type: VisibleType, alias: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.id`)} in (${candidates(type)})`;
}

/** The ids of the set above: a statement of its own, so that activities can use the others'. */
function candidates(type: VisibleType): RawBuilder<unknown> {
  if (type === 'deal')
    return sql`select r.id from deals r where r.workspace_id = farley_workspace() and r.owner_id = any (${owners})`;
  if (type === 'activity') {
    // Written by their organisation, or linked to a customer or deal of theirs (the policy's
    // "through": an activity belongs to the history of what it is linked to). One arm per kind
    // of link, so that each reads the links' index by record rather than all the links.
    const linked = (kind: 'contact' | 'company' | 'deal') => sql`
      select l.activity_id from activity_links l
       where l.workspace_id = farley_workspace() and l.record_type = ${sql.lit(kind)}
         and l.record_id in (${candidates(kind)})`;
    return sql`
      select r.id from activities r where r.workspace_id = farley_workspace() and r.author_id = any (${owners})
      union all ${linked('contact')}
      union all ${linked('company')}
      union all ${linked('deal')}`;
  }
  const table = sql.raw(type === 'contact' ? 'contacts' : 'companies');
  const link = sql.raw(type === 'contact' ? 'contact_id' : 'company_id');
  return sql`
    select r.id from ${table} r where r.workspace_id = farley_workspace() and r.owner_id = any (${owners})
    union all
    select d.${link} from deals d
     where d.workspace_id = farley_workspace() and d.owner_id = any (${owners}) and d.${link} is not null`;
}

/** For a partner, the condition their lists of `type` (under `alias`) start from; else none. */
export function partnerOnly(
  caller: { role: string },
  type: VisibleType,
  alias: string,
): RawBuilder<boolean> | undefined {
  return caller.role === 'partner' ? visibleToPartner(type, alias) : undefined;
}
