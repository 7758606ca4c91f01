// What the API shows of a pipeline, with its live stages in board order.
import type { Pipeline } from '../../../contract/pipelines.ts';
import { iso, type Row } from '../../platform/presenting.ts';
import type { StageRow } from './pipelines.repository.ts';

export function presentPipeline(row: Row<'pipelines'>, stages: StageRow[]): Pipeline {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    isDefault: row.is_default,
    position: row.position,
    stages: stages
      .filter((s) => s.pipeline_id === row.id)
      .map((s) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
