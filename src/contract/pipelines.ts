// Sales pipelines and their ordered stages as the API shows and accepts them.
import { z } from 'zod';
import { id, recordMeta, requiredText } from './common.ts';

export const stageKinds = ['open', 'won', 'lost'] as const;

const probability = z.number().int().min(0, { message: 'at least 0' }).max(100, { message: 'at most 100' });

export const stageInput = z
  .object({
    id: id
      .optional()
      .describe('The id of an existing stage to keep it (with its deals); leave it out to add a new stage'),
    name: requiredText(100),
    probability: probability.describe('Default win probability in percent of deals in this stage'),
    kind: z.enum(stageKinds).describe('open stages are worked on; entering a won or lost stage closes the deal'),
  })
  .strict();

export const stage = z
  .object({
    id,
    name: z.string(),
    probability: z.number().int(),
    kind: z.enum(stageKinds),
  })
  .meta({ id: 'PipelineStage' });

const pipelineInput = z
  .object({
    name: requiredText(200),
    isDefault: z
      .boolean()
      .describe(
        'New deals without a pipelineId go to the default pipeline; making one the default clears the flag on the others',
      ),
    position: z.number().int().min(0).max(100_000).describe('Sort order among pipelines (default: after the last one)'),
    stages: z
      .array(stageInput)
      .min(1, { message: 'a pipeline needs at least one stage' })
      .max(50, { message: 'at most 50 stages' })
      .describe(
        'The complete, ordered list of stages. On PATCH it replaces the list: stages sent with their id are kept, ' +
          'stages without id are added, stages left out are removed (409 while they still hold deals). At least one open stage.',
      ),
  })
  .strict();

export const pipelineCreate = pipelineInput
  .partial()
  .required({ name: true, stages: true })
  .meta({ id: 'PipelineCreate' });
export const pipelinePatch = pipelineInput.partial().meta({ id: 'PipelinePatch' });

export const pipeline = z
  .object({
    ...recordMeta,
    name: z.string(),
    isDefault: z.boolean(),
    position: z.number().int(),
    stages: z.array(stage),
  })
  .meta({ id: 'Pipeline' });

export type StageInput = z.infer<typeof stageInput>;
export type Stage = z.infer<typeof stage>;
export type PipelineCreate = z.infer<typeof pipelineCreate>;
export type PipelinePatch = z.infer<typeof pipelinePatch>;
export type Pipeline = z.infer<typeof pipeline>;
