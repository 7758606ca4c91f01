// SQL of tasks (follow-ups) and their links.
import type { InsertObject } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { linkedToConditions, type LinkTable } from '../../platform/db/links.ts';
import { listPage, type Fields, type ListQuery } from '../../platform/http/listing.ts';
import { taskPriorities, taskStatuses } from '../../../contract/tasks.ts';

export const taskLinks: LinkTable = { table: 'task_links', owner: 'task_id' };

export const taskFields: Fields = {
  title: { column: 'title', kind: 'text' },
  description: { column: 'description', kind: 'text', nullable: true, unsortable: true },
  dueAt: { column: 'due_at', kind: 'timestamp', nullable: true },
  remindAt: { column: 'remind_at', kind: 'timestamp', nullable: true },
  remindedAt: { column: 'reminded_at', kind: 'timestamp', nullable: true },
  priority: { column: 'priority', kind: 'enum', values: taskPriorities },
  status: { column: 'status', kind: 'enum', values: taskStatuses },
  assigneeId: { column: 'assignee_id', kind: 'uuid', nullable: true },
  completedAt: { column: 'completed_at', kind: 'timestamp', nullable: true },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

/** `assignedTo` (the caller, or the caller's teammates) narrows to those users' tasks. */
export async function listTasks(tx: Db, query: ListQuery, assignedTo: string[] | null) {
  let builder = tx.selectFrom('tasks').selectAll();
  for (const condition of linkedToConditions(taskLinks, 'tasks', query)) builder = builder.where(condition);
  if (assignedTo) builder = builder.where('assignee_id', 'in', assignedTo);
  return listPage(builder, { fields: taskFields, query, defaultSort: 'dueAt' });
}

export async function insertTask(tx: Db, values: InsertObject<Database, 'tasks'>) {
  return tx.insertInto('tasks').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Live tasks by id (for the timeline), in no particular order. */
export async function findTasks(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('tasks').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
}
