// Deals: placement in a pipeline stage, status and closing that follow the stage's kind,
// the stage history kept for cycle-time and conversion analytics, and the API shape.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { partnerOnly } from '../../platform/db/visibleSet.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type {
  Deal,
  DealCreate,
  DealPatch,
  DealStageChange,
  PipelineTotals,
  PipelineTotalsQuery,
} from '../../../contract/deals.ts';
import { columnsFrom, type FieldColumns, type Row, type WrittenColumns } from '../../platform/presenting.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { conflict, inTrash, invalid, notFound } from '../../platform/errors.ts';
import { hasFilters, limitOf, type ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { searchText } from '../../platform/text.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { placeDeal, placeRestoredDeal, type StageRow } from '../pipelines/pipelines.service.ts';
import { listSearchIn } from '../search/search.service.ts';
import { teammatesOf } from '../teams/teams.service.ts';
import { checkLostReasonId } from '../lostReasons/lostReasons.service.ts';
import * as repo from './deals.repository.ts';
import { presentDeal, presentStageChange } from './deals.presenter.ts';

type Status = Deal['status'];

/** The fields a write stores as they come, each in its column. */
export const dealColumns = {
  title: { column: 'title' },
  companyId: { column: 'company_id' },
  contactId: { column: 'contact_id' },
  expectedCloseDate: { column: 'expected_close_date' },
  probability: { column: 'probability' },
  lostReasonId: { column: 'lost_reason_id' },
  lostReason: { column: 'lost_reason' },
  ownerId: { column: 'owner_id' },
  tags: { column: 'tags' },
} as const satisfies FieldColumns<'deals', DealPatch>;

/** The columns that place a deal in a stage. */
type StageEntry = { pipeline_id: string; stage_id: string; status: Status } & Pick<
  WrittenColumns<'deals'>,
  'stage_entered_at' | 'closed_at' | 'probability' | 'lost_reason' | 'lost_reason_id'
>;

/** Also used by the bulk actions, which change tags of many records at once. */
export function dealSearchText(row: Partial<Pick<Row<'deals'>, 'title' | 'tags'>>): string {
  return searchText([row.title, ...(row.tags ?? [])]);
}

/**
 * The columns of a deal entering `stage` from `from` (null on create). Status follows the
 * stage's kind; closing stamps closedAt and drops a probability override (a won deal
 * counts with its won stage's probability), reopening clears closedAt, and only a lost
 * deal keeps a lost reason.
 */
function enterStage(stage: StageRow, from: Status | null): StageEntry {
  const values: StageEntry = {
    pipeline_id: stage.pipeline_id,
    stage_id: stage.id,
    status: stage.kind,
    stage_entered_at: sql`now()`,
  };
  if (stage.kind === 'open') values.closed_at = null;
  else if (stage.kind !== from) Object.assign(values, { closed_at: sql`now()`, probability: null });
  if (stage.kind !== 'lost') Object.assign(values, { lost_reason: null, lost_reason_id: null });
  return values;
}

/**
 * Maps the fields a client may write to columns, checking the records they refer to;
 * `currentReason`: the deal's lost reason now, which stays acceptable if since deactivated.
 */
async function columnsOf(tx: Db, input: DealPatch, currentReason: string | null = null) {
  const values = {
    ...columnsFrom(dealColumns, input),
    ...(input.amount !== undefined && { amount: input.amount?.amount ?? null }),
    ...(input.amount && { currency: input.amount.currency }),
  };
  await assertExists(tx, 'companies', [input.companyId], 'companyId');
  await assertExists(tx, 'contacts', [input.contactId], 'contactId');
  await assertExists(tx, 'users', [input.ownerId], 'ownerId');
  await checkLostReasonId(tx, input.lostReasonId, currentReason);
  return values;
}

function checkLostReason(input: DealPatch, status: Status) {
  if (status === 'lost') return;
  for (const field of ['lostReason', 'lostReasonId'] as const) {
    if (input[field])
      throw invalid([{ path: field, message: `only a lost deal has a lost reason; this one is ${status}` }]);
  }
}

async function recordMove(tx: Db, actor: Actor, dealId: string, from: string | null, to: string) {
  await repo.insertStageChange(tx, {
    workspace_id: actor.workspaceId,
    id: newId(),
    deal_id: dealId,
    from_stage_id: from,
    to_stage_id: to,
    changed_by: actor.userId,
  });
}

async function shown(tx: Db, id: string): Promise<Deal> {
  const row = await repo.findDeal(tx, id);
  if (!row) throw notFound('deal');
  return presentDeal(row);
}

export interface DealService extends RecordService<Deal, DealCreate, DealPatch> {
  stageHistory(actor: Actor, id: string): Promise<{ data: DealStageChange[] }>;
  pipelineTotals(actor: Actor, pipelineId: string, filter?: PipelineTotalsQuery): Promise<PipelineTotals>;
  reopen(actor: Actor, id: string, version: number | undefined): Promise<Deal>;
}

/**
 * Whose deals a list or the board shows: `me`, `myTeams` (the same "my team" as the tasks
 * list: the teams module's teammatesOf, live teams and users only), or everyone's (null).
 */
async function ownersOf(tx: Db, actor: Actor, scope: unknown): Promise<string[] | null> {
  if (scope === 'me') return [actor.userId];
  if (scope === 'myTeams') return teammatesOf(tx, actor.userId);
  return null;
}

export function dealService(ctx: AppContext): DealService {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        // A filtered list needs every match of its search; a whole list the first ones (see listSearchIn).
        const search = await listSearchIn(tx, actor.workspaceId, 'deal', query, !hasFilters(repo.dealFields, query));
        const page = await repo.listDeals(
          tx,
          query,
          search,
          await ownersOf(tx, actor, query.ownedBy),
          partnerOnly(actor, 'deal', 'd'),
        );
        return { data: page.rows.map(presentDeal), nextCursor: page.nextCursor, ...limitOf(page) };
      }),

    count: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        // Every match of the search counts, not the first ones a page sorts.
        const search = await listSearchIn(tx, actor.workspaceId, 'deal', query, false);
        return repo.countDeals(
          tx,
          query,
          search,
          await ownersOf(tx, actor, query.ownedBy),
          partnerOnly(actor, 'deal', 'd'),
        );
      }),

    get: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const deal = await shown(tx, id);
        if (deal.deletedAt) throw inTrash('deal');
        return deal;
      }),

    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const stage = await placeDeal(tx, { pipelineId: input.pipelineId, stageId: input.stageId });
        const values = await columnsOf(tx, input);
        checkLostReason(input, stage.kind);
        const id = newId();
        const row = {
          workspace_id: actor.workspaceId,
          id,
          owner_id: input.ownerId === undefined ? actor.userId : input.ownerId,
          currency: (await workspaceSettings(tx, actor.workspaceId)).defaultCurrency,
          ...enterStage(stage, null),
          ...values,
          title: input.title,
        };
        await repo.insertDeal(tx, { ...row, search_text: dealSearchText(row) });
        await recordMove(tx, actor, id, null, stage.id);
        return shown(tx, id);
      }),

    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await repo.lockDeal(tx, id);
        if (!current) throw notFound('deal');
        const pipelineChanged = patch.pipelineId !== undefined && patch.pipelineId !== current.pipeline_id;
        const stageChanged = patch.stageId !== undefined && patch.stageId !== current.stage_id;
        const moved =
          pipelineChanged || stageChanged
            ? await placeDeal(tx, { pipelineId: patch.pipelineId ?? current.pipeline_id, stageId: patch.stageId })
            : null;
        const values = {
          ...(moved ? enterStage(moved, current.status) : {}),
          ...(await columnsOf(tx, patch, current.lost_reason_id)),
        };
        checkLostReason(patch, moved?.kind ?? current.status);
        const searched = patch.title !== undefined || patch.tags !== undefined;
        const written = { ...values, ...(searched && { search_text: dealSearchText({ ...current, ...values }) }) };
        await updateLive(tx, 'deals', id, written, version, 'deal');
        if (moved) await recordMove(tx, actor, id, current.stage_id, moved.id);
        return shown(tx, id);
      }),

    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'deals', id, version, 'deal');
      }),

    // The pipeline may have changed while the deal was in the trash: a removed stage is
    // replaced by the nearest one still there, a stage that changed its kind sets the status
    // again, and an open deal cannot come back into a trashed pipeline.
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const row = await restore(tx, 'deals', id, 'deal');
        const { pipelineLive, stage } = await placeRestoredDeal(tx, row.pipeline_id, row.stage_id);
        if (!pipelineLive && stage.kind === 'open') {
          throw conflict("The deal's pipeline is in the trash; restore the pipeline first.", 'pipeline_in_trash');
        }
        const moved = stage.id !== row.stage_id;
        if (moved || stage.kind !== row.status) {
          const values = enterStage(stage, row.status);
          if (!moved) delete values.stage_entered_at;
          await updateLive(tx, 'deals', id, values, undefined, 'deal');
        }
        if (moved) await recordMove(tx, actor, id, row.stage_id, stage.id);
        return shown(tx, id);
      }),

    stageHistory: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        await findLive(tx, 'deals', id, 'deal');
        const rows = await repo.stageHistory(tx, id);
        return { data: rows.map(presentStageChange) };
      }),

    // Back to the open stage the deal was in last (the one before it was won or lost), or the
    // pipeline's first open stage if that one is gone.
    reopen: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await repo.lockDeal(tx, id);
        if (!current) throw notFound('deal');
        if (current.status === 'open') throw conflict('The deal is open already.');
        const stageId = (await repo.lastOpenStage(tx, id, current.pipeline_id)) ?? undefined;
        const stage = await placeDeal(tx, { pipelineId: current.pipeline_id, stageId });
        await updateLive(tx, 'deals', id, enterStage(stage, current.status), version, 'deal');
        await recordMove(tx, actor, id, current.stage_id, stage.id);
        return shown(tx, id);
      }),

    pipelineTotals: (actor, pipelineId, filter = {}) =>
      inTenant(db, actor, async (tx) => {
        await findLive(tx, 'pipelines', pipelineId, 'pipeline');
        const stages = new Map<string, PipelineTotals['data'][number]>();
        const { ownedBy, ...rest } = filter;
        const rows = await repo.pipelineTotals(tx, pipelineId, {
          ...rest,
          ownerIds: await ownersOf(tx, actor, ownedBy),
        });
        for (const row of rows) {
          const stage = stages.get(row.stage_id) ?? { stageId: row.stage_id, count: 0, totals: [] };
          stage.count += row.n;
          if (row.amount !== null)
            stage.totals.push({ currency: row.currency.trim(), amount: row.amount, weighted: row.weighted ?? '0.00' });
          stages.set(row.stage_id, stage);
        }
        for (const stage of stages.values()) stage.totals.sort((a, b) => a.currency.localeCompare(b.currency));
        return { data: [...stages.values()] };
      }),
  };
}
