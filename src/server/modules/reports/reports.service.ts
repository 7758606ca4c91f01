// Saved reports and dashboards: who may see and change which (the saved views' rules: own
// ones for everyone, shared ones for agents, someone else's shared ones for managers),
// running them, and the built-in default dashboards.
import type {
  Dashboard,
  DashboardData,
  DateRange,
  Report,
  ReportDefinition,
  TileResult,
} from '../../../contract/reports.ts';
import type { reportCreate, reportPatch, dashboardCreate, dashboardPatch } from '../../../contract/reports.ts';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { operatorsOf } from '../../platform/http/listing.ts';
import { authorize } from '../../platform/policy.ts';
import { checkDefinition, runReport } from './reports.engine.ts';
import * as repo from './reports.repository.ts';
import { isDate, isGroupable, isNumber, sources } from './reports.sources.ts';
import { builtinDashboards, builtinTileRuns } from './reports.tiles.ts';

type Owned = { owner_id: string; shared: boolean };

/** How many tiles of a dashboard are computed at once (each holds a pool connection meanwhile). */
export const tileConcurrency = 3;

/** The results of `works`, run at most `limit` at a time, in their order. */
export async function atMostAtOnce<T>(limit: number, works: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(works.length);
  let next = 0;
  const worker = async () => {
    while (next < works.length) {
      const i = next++;
      results[i] = await works[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, works.length) }, worker));
  return results;
}

/** A shared report or dashboard needs `share`; someone else's (necessarily shared) `manage` too. */
function assertMayChange(actor: Actor, row: Owned, sharedAfter: boolean) {
  if (row.owner_id !== actor.userId) authorize(actor, 'manage', 'report', row);
  if (row.shared || sharedAfter) authorize(actor, 'share', 'report', row);
}

const stale = () => new AppError('precondition_failed', 'It was changed by someone else. Load it again and retry.');

async function namedUniquely<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw conflict('You have one of this name already.', 'duplicate');
    throw error;
  }
}

function presentReport(row: repo.ReportRow): Report {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    shared: row.shared,
    ownerId: row.owner_id,
    definition: row.definition as ReportDefinition,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function presentDashboard(row: repo.DashboardRow): Dashboard {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    shared: row.shared,
    ownerId: row.owner_id,
    builtin: null,
    tiles: row.tiles as Dashboard['tiles'],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function builtinDashboard(name: string): Dashboard | undefined {
  if (!Object.hasOwn(builtinDashboards, name)) return undefined;
  return {
    id: name,
    version: 1,
    name,
    shared: true,
    ownerId: null,
    builtin: name,
    tiles: builtinDashboards[name].tiles,
    createdAt: null,
    updatedAt: null,
  };
}

/** 422 for tiles naming no built-in tile; unknown reports show as a tile with a problem instead. */
function checkTiles(tiles: z.infer<typeof dashboardCreate>['tiles'] | undefined) {
  const errors = (tiles ?? []).flatMap((tile, i) =>
    tile.builtin && !Object.hasOwn(builtinTileRuns, tile.builtin)
      ? [{ path: `tiles.${i}.builtin`, message: `no built-in tile ${tile.builtin}` }]
      : [],
  );
  if (errors.length) throw invalid(errors, 'The dashboard names tiles that do not exist.');
}

/** The fields each record type offers a report: filters, groupings, measures, date ranges. */
export function reportFieldCatalogue() {
  return {
    data: Object.entries(sources).map(([type, source]) => ({
      type: type as ReportDefinition['type'],
      fields: Object.entries(source.fields).map(([name, field]) => ({
        name,
        kind: field.kind,
        operators: operatorsOf(field),
        ...(field.values ? { values: [...field.values] } : {}),
        nullable: Boolean(field.nullable),
        sortable: false,
        groupable: isGroupable(field),
        measurable: isNumber(field),
        date: isDate(field),
      })),
    })),
  };
}

export function reportService(ctx: AppContext) {
  const db = ctx.db.app;
  const visibleReport = async (tx: Db, actor: Actor, id: string) => {
    const row = await repo.findReport(tx, id, actor.userId);
    if (!row) throw notFound('report');
    return row;
  };
  const visibleDashboard = async (tx: Db, actor: Actor, id: string) => {
    const builtin = builtinDashboard(id);
    if (builtin) return builtin;
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findDashboard(tx, id, actor.userId) : undefined;
    if (!row) throw notFound('dashboard');
    return presentDashboard(row);
  };
  const storedDashboard = async (tx: Db, actor: Actor, id: string) => {
    if (builtinDashboard(id)) throw conflict('A default dashboard cannot be changed; save a copy of it instead.');
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findDashboard(tx, id, actor.userId) : undefined;
    if (!row) throw notFound('dashboard');
    return row;
  };

  const tile = async (
    tx: Db,
    actor: Actor,
    spec: Dashboard['tiles'][number],
    range: DateRange,
  ): Promise<TileResult> => {
    if (spec.builtin) {
      const run = builtinTileRuns[spec.builtin];
      if (!run)
        return {
          title: spec.builtin,
          reportId: null,
          builtin: spec.builtin,
          chart: 'table',
          definition: null,
          result: null,
          problem: 'unknown_tile',
        };
      return { title: spec.builtin, reportId: null, builtin: spec.builtin, ...(await run(tx, actor, range)) };
    }
    const row = await repo.findReport(tx, spec.reportId ?? '', actor.userId);
    if (!row)
      return {
        title: '',
        reportId: spec.reportId ?? null,
        builtin: null,
        chart: 'table',
        definition: null,
        result: null,
        problem: 'report_gone',
      };
    const definition = row.definition as ReportDefinition;
    return {
      title: row.name,
      reportId: row.id,
      builtin: null,
      chart: definition.chart,
      definition,
      result: await runReport(tx, actor.workspaceId, definition, range),
      problem: null,
    };
  };

  const computeTiles = (actor: Actor, specs: Dashboard['tiles'], range: DateRange) =>
    atMostAtOnce(
      tileConcurrency,
      specs.map((spec) => () => inTenant(db, actor, (tx) => tile(tx, actor, spec, range))),
    );

  return {
    listReports: (actor: Actor) =>
      inTenant(db, actor, async (tx) => ({ data: (await repo.listReports(tx, actor.userId)).map(presentReport) })),

    getReport: (actor: Actor, id: string) =>
      inTenant(db, actor, async (tx) => presentReport(await visibleReport(tx, actor, id))),

    createReport: (actor: Actor, input: z.infer<typeof reportCreate>) => {
      if (input.shared) authorize(actor, 'share', 'report');
      checkDefinition(input.definition);
      return inTenant(db, actor, (tx) =>
        namedUniquely(async () =>
          presentReport(
            await repo.insertReport(tx, {
              workspace_id: actor.workspaceId,
              id: newId(),
              name: input.name,
              description: input.description ?? null,
              shared: input.shared ?? false,
              owner_id: actor.userId,
              definition: JSON.stringify(input.definition),
            }),
          ),
        ),
      );
    },

    updateReport: (actor: Actor, id: string, patch: z.infer<typeof reportPatch>, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const current = await visibleReport(tx, actor, id);
        assertMayChange(actor, current, patch.shared ?? current.shared);
        if (patch.definition) checkDefinition(patch.definition);
        const row = await namedUniquely(() =>
          repo.updateReport(
            tx,
            id,
            {
              ...(patch.name !== undefined ? { name: patch.name } : {}),
              ...(patch.description !== undefined ? { description: patch.description } : {}),
              ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
              ...(patch.definition !== undefined ? { definition: JSON.stringify(patch.definition) } : {}),
            },
            version,
          ),
        );
        if (!row) throw stale();
        return presentReport(row);
      }),

    removeReport: (actor: Actor, id: string, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const current = await visibleReport(tx, actor, id);
        assertMayChange(actor, current, current.shared);
        if ((await repo.deleteSaved(tx, 'reports', id, version)) === 0) throw stale();
      }),

    run: (actor: Actor, definition: ReportDefinition, range: DateRange | undefined) =>
      inTenant(db, actor, (tx) => runReport(tx, actor.workspaceId, definition, range)),

    /** A saved report's result, with its definition and name (for exports). */
    result: (actor: Actor, id: string, range: DateRange) =>
      inTenant(db, actor, async (tx) => {
        const report = presentReport(await visibleReport(tx, actor, id));
        return { report, result: await runReport(tx, actor.workspaceId, report.definition, range) };
      }),

    listDashboards: (actor: Actor) =>
      inTenant(db, actor, async (tx) => ({
        data: [
          ...Object.keys(builtinDashboards).map((name) => builtinDashboard(name)!),
          ...(await repo.listDashboards(tx, actor.userId)).map(presentDashboard),
        ],
      })),

    getDashboard: (actor: Actor, id: string) => inTenant(db, actor, (tx) => visibleDashboard(tx, actor, id)),

    createDashboard: (actor: Actor, input: z.infer<typeof dashboardCreate>) => {
      if (input.shared) authorize(actor, 'share', 'report');
      checkTiles(input.tiles);
      return inTenant(db, actor, (tx) =>
        namedUniquely(async () =>
          presentDashboard(
            await repo.insertDashboard(tx, {
              workspace_id: actor.workspaceId,
              id: newId(),
              name: input.name,
              shared: input.shared ?? false,
              owner_id: actor.userId,
              tiles: JSON.stringify(input.tiles),
            }),
          ),
        ),
      );
    },

    updateDashboard: (actor: Actor, id: string, patch: z.infer<typeof dashboardPatch>, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const current = await storedDashboard(tx, actor, id);
        assertMayChange(actor, current, patch.shared ?? current.shared);
        checkTiles(patch.tiles);
        const row = await namedUniquely(() =>
          repo.updateDashboard(
            tx,
            id,
            {
              ...(patch.name !== undefined ? { name: patch.name } : {}),
              ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
              ...(patch.tiles !== undefined ? { tiles: JSON.stringify(patch.tiles) } : {}),
            },
            version,
          ),
        );
        if (!row) throw stale();
        return presentDashboard(row);
      }),

    removeDashboard: (actor: Actor, id: string, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const current = await storedDashboard(tx, actor, id);
        assertMayChange(actor, current, current.shared);
        if ((await repo.deleteSaved(tx, 'dashboards', id, version)) === 0) throw stale();
      }),

    /** Every tile of a dashboard computed for the caller and the date range, in one transaction. */
    /**
     * Every tile of a dashboard computed for the caller and the date range: the tiles side by
     * side (tileConcurrency at a time), each in a tenant transaction of its own, so that a
     * dashboard takes about as long as its slowest tiles, not as all of them together.
     */
    dashboardData: async (actor: Actor, id: string, range: DateRange): Promise<DashboardData> => {
      const dashboard = await inTenant(db, actor, (tx) => visibleDashboard(tx, actor, id));
      return { dashboard, tiles: await computeTiles(actor, dashboard.tiles, range) };
    },

    computeTiles: (actor: Actor, specs: Dashboard['tiles'], range: DateRange) => computeTiles(actor, specs, range),
  };
}
