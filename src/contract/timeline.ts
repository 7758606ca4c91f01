// The timeline of a contact, company or deal: its activities, tasks and deal stage changes,
// newest first, in one keyset-paginated list.
import { z } from 'zod';
import { id } from './common.ts';
import { activity, activityTypes, directions } from './activities.ts';
import { task } from './tasks.ts';

export const timelineKinds = ['activity', 'task', 'stage_change'] as const;

/** A comma-separated query parameter whose parts are each one of `values`. */
const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((raw) => [
      ...new Set(
        raw
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z.array(z.enum(values, { message: `use ${values.join(', ')}` })).min(1, { message: 'name at least one value' }),
    );

export const timelineQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50)'),
    cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
    types: commaList(timelineKinds)
      .optional()
      .describe('Kinds of entries, comma-separated: activity, task, stage_change (default all)'),
    activityType: commaList(activityTypes)
      .optional()
      .describe(
        `Only activities of these types, comma-separated (${activityTypes.join(', ')}); tasks and stage changes are governed by "types" alone`,
      ),
    direction: commaList(directions)
      .optional()
      .describe(
        'Only activities of these directions, comma-separated (inbound, outbound, internal); tasks and stage changes are governed by "types" alone',
      ),
  })
  .strict();

const at = z
  .string()
  .describe(
    "When the entry happened: an activity's occurredAt, a task's dueAt (its createdAt when it has no due time), a stage change's time",
  );

export const activityEntry = activity.extend({ kind: z.literal('activity'), at });
export const taskEntry = task.extend({ kind: z.literal('task'), at });
export const stageChangeEntry = z.object({
  kind: z.literal('stage_change'),
  id,
  at,
  dealId: id,
  dealTitle: z.string(),
  fromStageId: id.nullable(),
  fromStageName: z.string().nullable(),
  toStageId: id,
  toStageName: z.string(),
  changedBy: id.nullable(),
});

export const timelineEntry = z
  .discriminatedUnion('kind', [activityEntry, taskEntry, stageChangeEntry])
  .meta({ id: 'TimelineEntry' });

export const timelinePage = z
  .object({ data: z.array(timelineEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'TimelinePage' });

export type TimelineQuery = z.infer<typeof timelineQuery>;
export type TimelineEntry = z.infer<typeof timelineEntry>;
export type StageChangeEntry = z.infer<typeof stageChangeEntry>;
