// Pipelines and their stages: the rules of a pipeline's configuration (one default, at least
// one open stage, no stage removed under its deals) and where a deal may be placed.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Pipeline, PipelineCreate, PipelinePatch, StageInput } from '../../../contract/pipelines.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { conflict, invalid, type FieldError } from '../../platform/errors.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import * as repo from './pipelines.repository.ts';
import { presentPipeline } from './pipelines.presenter.ts';
import type { Row } from '../../platform/presenting.ts';

export type { StageRow } from './pipelines.repository.ts';

export const defaultStages = [
  { name: 'Qualifizierung', probability: 10, kind: 'open' },
  { name: 'Bedarfsanalyse', probability: 25, kind: 'open' },
  { name: 'Angebot', probability: 50, kind: 'open' },
  { name: 'Verhandlung', probability: 75, kind: 'open' },
  { name: 'Gewonnen', probability: 100, kind: 'won' },
  { name: 'Verloren', probability: 0, kind: 'lost' },
] as const;

/** Every new workspace starts with one sales pipeline. */
export async function createDefaultPipeline(tx: Db, workspaceId: string) {
  const pipelineId = newId();
  await tx
    .insertInto('pipelines')
    .values({ workspace_id: workspaceId, id: pipelineId, name: 'Vertrieb', is_default: true })
    .execute();
  await tx
    .insertInto('pipeline_stages')
    .values(
      defaultStages.map((stage, position) => ({
        workspace_id: workspaceId,
        id: newId(),
        pipeline_id: pipelineId,
        position,
        ...stage,
      })),
    )
    .execute();
  return pipelineId;
}

async function withStages(tx: Db, row: Row<'pipelines'>): Promise<Pipeline> {
  return presentPipeline(row, await repo.stagesOf(tx, [row.id]));
}

/** Rules a stage list must meet whatever the pipeline: names unique, ids unique, something to work on. */
function checkStageList(stages: StageInput[]) {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  stages.forEach((stage, i) => {
    const name = stage.name.toLocaleLowerCase('de');
    if (names.has(name))
      errors.push({ path: `stages.${i}.name`, message: `another stage is called "${stage.name}" already` });
    names.add(name);
    if (stage.id && ids.has(stage.id)) errors.push({ path: `stages.${i}.id`, message: 'this stage is listed twice' });
    if (stage.id) ids.add(stage.id);
  });
  if (!stages.some((stage) => stage.kind === 'open')) {
    errors.push({ path: 'stages', message: 'a pipeline needs at least one open stage for its deals to start in' });
  }
  if (errors.length) throw invalid(errors);
}

function plural(count: number) {
  return count === 1 ? '1 deal' : `${count} deals`;
}

/**
 * Makes the pipeline's stages exactly `inputs`, in that order. Stages keep their id (and
 * their deals) when sent with it; those left out are retired, which is refused while deals
 * are in them, and so is changing the kind of a stage that holds deals (their status
 * follows the kind).
 */
async function replaceStages(tx: Db, workspaceId: string, pipelineId: string, inputs: StageInput[]) {
  checkStageList(inputs);
  const existing = await repo.stagesOf(tx, [pipelineId]);
  const byId = new Map(existing.map((stage) => [stage.id, stage]));
  const unknown = inputs.flatMap((stage, i) =>
    stage.id && !byId.has(stage.id)
      ? [{ path: `stages.${i}.id`, message: 'is not a stage of this pipeline; leave the id out to add a new stage' }]
      : [],
  );
  if (unknown.length) throw invalid(unknown);

  const kept = new Set(inputs.map((stage) => stage.id).filter(Boolean));
  const removed = existing.filter((stage) => !kept.has(stage.id));
  const rekinded = inputs.filter((stage) => stage.id && byId.get(stage.id)!.kind !== stage.kind);
  const counts = await repo.liveDealCounts(
    tx,
    [...removed, ...rekinded].map((stage) => stage.id!),
  );
  for (const stage of removed) {
    const count = counts.get(stage.id);
    if (count)
      throw conflict(
        `The stage "${stage.name}" still holds ${plural(count)}; move them to another stage before removing it.`,
      );
  }
  for (const stage of rekinded) {
    const count = counts.get(stage.id!);
    const before = byId.get(stage.id!)!;
    if (count) {
      throw conflict(
        `The stage "${before.name}" holds ${plural(count)}, so it cannot change from ${before.kind} to ${stage.kind}; ` +
          'add a new stage and move the deals instead.',
      );
    }
  }

  await repo.removeStages(
    tx,
    removed.map((stage) => stage.id),
  );
  const added = [];
  for (const [position, stage] of inputs.entries()) {
    const values = { name: stage.name, probability: stage.probability, kind: stage.kind, position };
    if (stage.id) await repo.updateStage(tx, stage.id, values);
    else added.push({ ...values, workspace_id: workspaceId, id: newId(), pipeline_id: pipelineId });
  }
  await repo.insertStages(tx, added);
}

export function pipelineService(ctx: AppContext): RecordService<Pipeline, PipelineCreate, PipelinePatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listPipelines(tx, query);
        const stages = await repo.stagesOf(
          tx,
          page.rows.map((row) => row.id),
        );
        return { data: page.rows.map((row) => presentPipeline(row, stages)), nextCursor: page.nextCursor };
      }),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) => withStages(tx, await findLive(tx, 'pipelines', id, 'pipeline'))),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const ids = input.stages.flatMap((stage, i) =>
          stage.id
            ? [{ path: `stages.${i}.id`, message: 'leave the id out: new stages get their ids from Farley' }]
            : [],
        );
        if (ids.length) throw invalid(ids);
        checkStageList(input.stages);
        const id = newId();
        if (input.isDefault) await repo.clearDefaultExcept(tx, id);
        const row = await repo.insertPipeline(tx, {
          workspace_id: actor.workspaceId,
          id,
          name: input.name,
          is_default: input.isDefault ?? false,
          position: input.position ?? (await repo.nextPosition(tx)),
        });
        await replaceStages(tx, actor.workspaceId, id, input.stages);
        return withStages(tx, row);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await repo.lockPipeline(tx, id, 'update');
        if (!current) await findLive(tx, 'pipelines', id, 'pipeline');
        if (patch.isDefault === false && current!.is_default) {
          throw invalid([
            { path: 'isDefault', message: 'make another pipeline the default instead; there is always one' },
          ]);
        }
        if (patch.isDefault) await repo.clearDefaultExcept(tx, id);
        const values: Record<string, unknown> = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.position !== undefined) values.position = patch.position;
        if (patch.isDefault !== undefined) values.is_default = patch.isDefault;
        // The stages are part of the pipeline, so changing only them still moves its version.
        const row = await updateLive(tx, 'pipelines', id, values, version, 'pipeline');
        if (patch.stages) await replaceStages(tx, actor.workspaceId, id, patch.stages);
        return withStages(tx, row);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await repo.lockPipeline(tx, id, 'update');
        if (!current) await findLive(tx, 'pipelines', id, 'pipeline');
        if (version !== undefined && current!.version !== version) {
          await trash(tx, 'pipelines', id, version, 'pipeline'); // refused with the usual 412
        }
        if (current!.is_default)
          throw conflict(
            'This is the default pipeline; make another pipeline the default before moving it to the trash.',
          );
        const open = await repo.openDealCount(tx, id);
        if (open)
          throw conflict(
            `The pipeline still has ${plural(open)} open; close or move them before moving it to the trash.`,
          );
        await trash(tx, 'pipelines', id, version, 'pipeline');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => withStages(tx, await restore(tx, 'pipelines', id, 'pipeline'))),
  };
}

// ---- For the deals module: where a deal may be placed.

/**
 * The stage a deal goes to: `stageId` if it is a live stage of the pipeline, otherwise the
 * pipeline's first open stage. The pipeline (default: the workspace's default pipeline) is
 * locked for share so that it cannot be trashed, nor the stage removed, under the deal.
 */
export async function placeDeal(tx: Db, want: { pipelineId?: string; stageId?: string }): Promise<repo.StageRow> {
  const pipelineId = want.pipelineId ?? (await repo.findDefaultPipeline(tx))?.id;
  if (!pipelineId)
    throw invalid([{ path: 'pipelineId', message: 'the workspace has no default pipeline; choose one' }]);
  const pipeline = await repo.lockPipeline(tx, pipelineId, 'share');
  if (!pipeline) throw invalid([{ path: 'pipelineId', code: 'not_found', message: `no pipeline ${pipelineId}` }]);
  if (want.stageId) {
    const stage = await repo.findStage(tx, want.stageId);
    if (!stage || stage.removed_at || stage.pipeline_id !== pipelineId) {
      throw invalid([
        { path: 'stageId', code: 'invalid_choice', message: `is not a stage of the pipeline "${pipeline.name}"` },
      ]);
    }
    return stage;
  }
  const first = await repo.firstStage(tx, pipelineId, 'open');
  if (!first) throw invalid([{ path: 'stageId', message: `the pipeline "${pipeline.name}" has no open stage` }]);
  return first;
}

/**
 * Where a deal coming back from the trash belongs: its own stage while that still exists,
 * else the first stage of the same kind (so a won deal stays won), else the first open one.
 * `pipelineLive` is false when its pipeline is in the trash.
 */
export async function placeRestoredDeal(tx: Db, pipelineId: string, stageId: string) {
  const pipelineLive = Boolean(await repo.lockPipeline(tx, pipelineId, 'share'));
  const stage = (await repo.findStage(tx, stageId))!;
  if (!stage.removed_at) return { pipelineLive, stage };
  const replacement =
    (await repo.firstStage(tx, pipelineId, stage.kind)) ?? (await repo.firstStage(tx, pipelineId, 'open'));
  return { pipelineLive, stage: replacement ?? stage };
}
