// Timelines of contacts, companies and deals: which entries belong to the record (found by
// the repository, newest first) and what each entry shows (from the activities and tasks
// services, and the deal's stage changes).
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import type { TimelineEntry, TimelineQuery } from '../../../contract/timeline.ts';
import { timelineKinds } from '../../../contract/timeline.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive } from '../../platform/db/records.ts';
import { invalidCursor } from '../../platform/errors.ts';
import { activitiesByIds } from '../activities/activities.service.ts';
import { tasksByIds } from '../tasks/tasks.service.ts';
import * as repo from './timeline.repository.ts';
import { presentStageChangeEntry } from './timeline.presenter.ts';

const tables = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(key: repo.TimelineKey): string {
  return Buffer.from(JSON.stringify({ at: key.at.toISOString(), id: key.id })).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at: unknown; id: unknown };
    if (typeof parsed.at !== 'string' || typeof parsed.id !== 'string' || !uuidPattern.test(parsed.id))
      throw new Error('shape');
    const at = Date.parse(parsed.at);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(parsed.at) || Number.isNaN(at)) throw new Error('time');
    return { at: new Date(at).toISOString(), id: parsed.id };
  } catch {
    throw invalidCursor();
  }
}

export function timelineService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    async page(actor: Actor, type: RecordType, id: string, query: TimelineQuery) {
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      return inTenant(db, actor, async (tx) => {
        await findLive(tx, tables[type], id, type);
        const keys = await repo.timelineKeys(tx, {
          workspaceId: actor.workspaceId,
          record: { type, id },
          kinds: query.types ?? [...timelineKinds],
          activityTypes: query.activityType,
          directions: query.direction,
          after,
          limit: query.limit,
        });
        const more = keys.length > query.limit;
        if (more) keys.length = query.limit;
        const idsOf = (kind: repo.TimelineKind) => keys.filter((key) => key.kind === kind).map((key) => key.id);
        const activities = await activitiesByIds(tx, idsOf('activity'));
        const tasks = await tasksByIds(tx, idsOf('task'));
        const changes = new Map((await repo.stageChanges(tx, idsOf('stage_change'))).map((row) => [row.id, row]));
        const data: TimelineEntry[] = [];
        for (const key of keys) {
          const at = key.at.toISOString();
          if (key.kind === 'activity') {
            const activity = activities.get(key.id);
            if (activity) data.push({ kind: 'activity', at, ...activity });
          } else if (key.kind === 'task') {
            const task = tasks.get(key.id);
            if (task) data.push({ kind: 'task', at, ...task });
          } else {
            const change = changes.get(key.id);
            if (change) data.push(presentStageChangeEntry(change, at));
          }
        }
        return { data, nextCursor: more ? encodeCursor(keys[keys.length - 1]) : null };
      });
    },
  };
}
