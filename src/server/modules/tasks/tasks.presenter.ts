// What the API shows of a task, with the records it is linked to.
import type { Task } from '../../../contract/tasks.ts';
import type { WithLinked } from '../../platform/db/links.ts';
import { iso, type Row } from '../../platform/presenting.ts';

export type TaskRow = Row<'tasks'>;

export function presentTask(row: TaskRow, links: WithLinked): Task {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    description: row.description,
    dueAt: iso(row.due_at),
    remindAt: iso(row.remind_at),
    remindedAt: iso(row.reminded_at),
    priority: row.priority,
    status: row.status,
    assigneeId: row.assignee_id,
    completedAt: iso(row.completed_at),
    ...links,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
