// What a KPI counts: a period of days and an owner or a team. The defaults (the year up to
// today) and the SQL condition on a record's owner live here once for every KPI.
import { type RawBuilder, sql } from 'kysely';
import { maxPeriodDays } from '../../../contract/kpis.ts';
import { badRequest } from '../../platform/errors.ts';
import { today } from '../orders/index.ts';

/** The filter every KPI function takes: days from `from` to `to` (inclusive), an owner, a team. */
export interface KpiFilter {
  from: string;
  to: string;
  ownerId?: string;
  teamId?: string;
}

const dayMs = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The first day of the month `months` after (or before) the month of `date`. */
export function addMonths(date: string, months: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The same day a year before (1 March for 29 February). */
export function yearBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
}

/** The filter of a request: missing days default to the year up to today. */
export function kpiFilterOf(
  query: { from?: string; to?: string; ownerId?: string; teamId?: string },
  now: string = today(),
): KpiFilter {
  const to = query.to ?? (query.from && query.from > now ? addDays(query.from, 364) : now);
  const from = query.from ?? addDays(yearBefore(to), 1);
  if (from > to)
    throw badRequest('The period ends before it starts.', [{ path: 'query.from', message: 'must not be after `to`' }]);
  if ((Date.parse(to) - Date.parse(from)) / dayMs > maxPeriodDays)
    throw badRequest('The period is too long.', [
      { path: 'query.from', message: `the period may span at most ${maxPeriodDays} days` },
    ]);
  return { from, to, ownerId: query.ownerId, teamId: query.teamId };
}

/**
 * The condition that a record's owner (`column`, like `d.owner_id`) passes the filter: the
 * user, and/or a member of the team.
 */
export function ownedBy(workspaceId: string, column: string, filter: Pick<KpiFilter, 'ownerId' | 'teamId'>) {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.ownerId) parts.push(sql`${sql.ref(column)} = ${filter.ownerId}::uuid`);
  if (filter.teamId)
    parts.push(
      sql`${sql.ref(column)} in (select m.user_id from team_members m
            where m.workspace_id = ${workspaceId} and m.team_id = ${filter.teamId}::uuid)`,
    );
  return sql.join(parts, sql` and `);
}

/** A sum as the API writes money: two decimals, "0.00" for nothing. */
export const money = (value: string | number | null | undefined) => Number(value ?? 0).toFixed(2);

/** a / b, or null when there was nothing to divide by. */
export const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
