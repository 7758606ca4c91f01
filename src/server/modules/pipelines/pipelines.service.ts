// Pipelines and their stages.
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';

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
  await tx.insertInto('pipelines').values({ workspace_id: workspaceId, id: pipelineId, name: 'Vertrieb', is_default: true }).execute();
  await tx.insertInto('pipeline_stages').values(defaultStages.map((stage, position) => ({
    workspace_id: workspaceId, id: newId(), pipeline_id: pipelineId, position, ...stage,
  }))).execute();
  return pipelineId;
}
