// Tasks (follow-ups, 'Wiedervorlagen') as the API shows and accepts them.
import { z } from 'zod';
import { id, recordMeta, requiredText, multilineText, timestamp } from './common.ts';
import { linkInput, linkOutput } from './activities.ts';

export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const taskStatuses = ['open', 'done', 'cancelled'] as const;

export const taskInput = z
  .object({
    title: requiredText(300),
    description: multilineText(10_000).nullable(),
    dueAt: timestamp.nullable(),
    remindAt: timestamp.nullable(),
    priority: z.enum(taskPriorities),
    status: z.enum(taskStatuses),
    assigneeId: id.nullable(),
    ...linkInput,
  })
  .strict();

export const taskCreate = taskInput.partial().required({ title: true }).meta({ id: 'TaskCreate' });
export const taskPatch = taskInput.partial().meta({ id: 'TaskPatch' });

export const task = z
  .object({
    ...recordMeta,
    title: z.string(),
    description: z.string().nullable(),
    dueAt: z.string().nullable(),
    remindAt: z.string().nullable(),
    remindedAt: z.string().nullable(),
    priority: z.enum(taskPriorities),
    status: z.enum(taskStatuses),
    assigneeId: z.string().nullable(),
    completedAt: z.string().nullable(),
    ...linkOutput,
  })
  .meta({ id: 'Task' });

export type TaskCreate = z.infer<typeof taskCreate>;
export type TaskPatch = z.infer<typeof taskPatch>;
export type Task = z.infer<typeof task>;
