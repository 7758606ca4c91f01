// Tasks (follow-ups, 'Wiedervorlagen'): due dates and reminders, status with completion time,
// an assignee, and links to contacts, companies and deals.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import type { Task, TaskCreate, TaskPatch } from '../../../contract/tasks.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { columnsFrom, iso, type FieldColumns, type WrittenColumns } from '../../platform/presenting.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import {
  addLink,
  assertLinkTargets,
  auditLinkChange,
  linkedOf,
  linkSetOf,
  linksOf,
  noLinks,
  removeLink,
  replaceLinks,
  type LinkSets,
} from '../../platform/db/links.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import type { LinkService } from '../../platform/http/linkRoutes.ts';
import { teammatesOf } from '../teams/teams.service.ts';
import * as repo from './tasks.repository.ts';
import { presentTask, type TaskRow } from './tasks.presenter.ts';

/** The fields a write stores as they come, each in its column. */
const taskColumns = {
  title: { column: 'title' },
  description: { column: 'description' },
  dueAt: { column: 'due_at' },
  remindAt: { column: 'remind_at' },
  priority: { column: 'priority' },
  status: { column: 'status' },
  assigneeId: { column: 'assignee_id' },
} as const satisfies FieldColumns<'tasks', TaskPatch>;

/**
 * Maps API fields to columns with the task's rules; `current` is the stored task on update.
 * Completion time follows the status; a moved reminder fires again.
 */
async function columnsOf(tx: Db, input: TaskPatch, current?: TaskRow) {
  const values: WrittenColumns<'tasks'> = columnsFrom(taskColumns, input);
  const dueAt = input.dueAt !== undefined ? input.dueAt : iso(current?.due_at ?? null);
  const remindAt = input.remindAt !== undefined ? input.remindAt : iso(current?.remind_at ?? null);
  if (dueAt && remindAt && Date.parse(remindAt) > Date.parse(dueAt)) {
    throw invalid([
      {
        path: input.remindAt !== undefined ? 'remindAt' : 'dueAt',
        message: 'the reminder must not be after the due time',
      },
    ]);
  }
  if (input.status !== undefined && input.status !== current?.status) {
    values.completed_at = input.status === 'done' ? sql`now()` : null;
  }
  if (input.remindAt !== undefined && remindAt !== iso(current?.remind_at ?? null)) values.reminded_at = null;
  await assertExists(tx, 'users', [input.assigneeId], 'assigneeId');
  await assertLinkTargets(tx, input);
  return values;
}

async function withLinks(tx: Db, rows: TaskRow[]): Promise<Task[]> {
  const links = await linkedOf(
    tx,
    repo.taskLinks,
    rows.map((row) => row.id),
  );
  return rows.map((row) => presentTask(row, links.get(row.id) ?? { ...noLinks(), linked: [] }));
}

async function one(tx: Db, row: TaskRow): Promise<Task> {
  return (await withLinks(tx, [row]))[0];
}

/** Runs a change of links and records it in the audit trail. */
async function changeLinks(tx: Db, id: string, change: () => Promise<unknown>, created = false) {
  const before = (await linksOf(tx, repo.taskLinks, [id])).get(id)!;
  await change();
  const after = (await linksOf(tx, repo.taskLinks, [id])).get(id)!;
  await auditLinkChange(tx, 'task', id, before, after, created);
}

async function setLinks(tx: Db, actor: Actor, id: string, input: Partial<LinkSets>) {
  for (const [type, key] of Object.entries(linkSetOf) as Array<[RecordType, keyof LinkSets]>) {
    const ids = input[key];
    if (ids) await replaceLinks(tx, repo.taskLinks, actor.workspaceId, id, type, ids);
  }
}

/** Whose tasks a list shows: `owner=me` (or `mine=true`), `owner=team`, or everyone's (null). */
async function assigneesOf(tx: Db, actor: Actor, query: ListQuery): Promise<string[] | null> {
  if (query.owner === 'team') return teammatesOf(tx, actor.userId);
  if (query.owner === 'me' || query.mine === 'true') return [actor.userId];
  return null;
}

export type TaskService = RecordService<Task, TaskCreate, TaskPatch> & LinkService<Task>;

export function taskService(ctx: AppContext): TaskService {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listTasks(tx, query, await assigneesOf(tx, actor, query));
        return { data: await withLinks(tx, page.rows), nextCursor: page.nextCursor };
      }),
    get: (actor, id) => inTenant(db, actor, async (tx) => one(tx, await findLive(tx, 'tasks', id, 'task'))),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const values = await columnsOf(tx, input);
        const row = await repo.insertTask(tx, {
          ...values,
          title: input.title,
          assignee_id: input.assigneeId === undefined ? actor.userId : input.assigneeId,
          workspace_id: actor.workspaceId,
          id: newId(),
        });
        await changeLinks(tx, row.id, () => setLinks(tx, actor, row.id, input), true);
        return one(tx, row);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'tasks', id, 'task');
        const values = await columnsOf(tx, patch, current);
        const row = await updateLive(tx, 'tasks', id, values, version, 'task');
        await changeLinks(tx, id, () => setLinks(tx, actor, id, patch));
        return one(tx, row);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'tasks', id, version, 'task');
      }),
    restore: (actor, id) => inTenant(db, actor, async (tx) => one(tx, await restore(tx, 'tasks', id, 'task'))),
    addLink: (actor, id, type, recordId, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'tasks', id, 'task');
        await assertLinkTargets(tx, { [linkSetOf[type]]: [recordId] }, 'id');
        let created = false;
        await changeLinks(tx, id, async () => {
          created = await addLink(tx, repo.taskLinks, actor.workspaceId, id, type, recordId);
        });
        // The links are part of the task, so a new one makes a new version.
        const row = created ? await updateLive(tx, 'tasks', id, {}, version, 'task') : current;
        return { record: await one(tx, row), created };
      }),
    removeLink: (actor, id, type, recordId, version) =>
      inTenant(db, actor, async (tx) => {
        await findLive(tx, 'tasks', id, 'task');
        await changeLinks(tx, id, async () => {
          if (!(await removeLink(tx, repo.taskLinks, id, type, recordId))) throw notFound('link');
        });
        await updateLive(tx, 'tasks', id, {}, version, 'task');
      }),
  };
}

/** For the timeline: live tasks by id, with their links. */
export async function tasksByIds(tx: Db, ids: string[]): Promise<Map<string, Task>> {
  const tasks = await withLinks(tx, await repo.findTasks(tx, ids));
  return new Map(tasks.map((task) => [task.id, task]));
}
