// SQL of saved reports and dashboards. A user sees their own and the workspace's shared ones.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { DashboardsTable, ReportsTable } from '../../platform/db/schema.ts';

type Saved = 'reports' | 'dashboards';

export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;
export type DashboardRow = NonNullable<Awaited<ReturnType<typeof findDashboard>>>;

const visibleTo = (table: Saved, userId: string) =>
  sql<boolean>`(${sql.ref(`${table}.shared`)} or ${sql.ref(`${table}.owner_id`)} = ${userId})`;

export function listReports(tx: Db, userId: string) {
  return tx
    .selectFrom('reports')
    .selectAll()
    .where(visibleTo('reports', userId))
    .orderBy(sql`name collate "und-x-icu"`)
    .orderBy('id')
    .execute();
}

export function findReport(tx: Db, id: string, userId: string) {
  return tx
    .selectFrom('reports')
    .selectAll()
    .where('id', '=', id)
    .where(visibleTo('reports', userId))
    .executeTakeFirst();
}

export function insertReport(tx: Db, values: Insertable<ReportsTable>) {
  return tx.insertInto('reports').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateReport(
  tx: Db,
  id: string,
  values: Partial<Insertable<ReportsTable>>,
  expectedVersion: number | undefined,
) {
  let query = tx
    .updateTable('reports')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  return query.returningAll().executeTakeFirst();
}

export function listDashboards(tx: Db, userId: string) {
  return tx
    .selectFrom('dashboards')
    .selectAll()
    .where(visibleTo('dashboards', userId))
    .orderBy(sql`name collate "und-x-icu"`)
    .orderBy('id')
    .execute();
}

export function findDashboard(tx: Db, id: string, userId: string) {
  return tx
    .selectFrom('dashboards')
    .selectAll()
    .where('id', '=', id)
    .where(visibleTo('dashboards', userId))
    .executeTakeFirst();
}

export function insertDashboard(tx: Db, values: Insertable<DashboardsTable>) {
  return tx.insertInto('dashboards').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateDashboard(
  tx: Db,
  id: string,
  values: Partial<Insertable<DashboardsTable>>,
  expectedVersion: number | undefined,
) {
  let query = tx
    .updateTable('dashboards')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  return query.returningAll().executeTakeFirst();
}

/** How many rows went: 0 when `expectedVersion` no longer matches. */
export async function deleteSaved(
  tx: Db,
  table: Saved,
  id: string,
  expectedVersion: number | undefined,
): Promise<number> {
  let query = tx.deleteFrom(table).where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  return Number((await query.executeTakeFirst()).numDeletedRows);
}
