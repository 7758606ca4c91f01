// The start page of the signed-in user: what is due today, which deals need a next step or
// are stuck in their stage, and the records they opened lately (recorded by the web app when
// a record's page opens, since reads never write).
//
// "Stuck" compares a deal's time in its stage with how long this workspace's deals usually
// stay there: the 75th percentile of the latest `staySample` stays in that stage (a stay ends
// when a deal moves out). With fewer than `minStays` stays known, the usual is
// `defaultUsualDays`; it is never below `minUsualDays`, so a stage deals leave within hours
// does not flag every deal the next morning. A deal is stuck when it has been in its stage at
// least one whole day longer than the usual. docs/guide.md explains it to users.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import type { RecentViewCreate, StuckDeal, Today, TodayQuery } from '../../../contract/today.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { notFound } from '../../platform/errors.ts';
import { tasksByIds } from '../tasks/tasks.service.ts';
import * as repo from './today.repository.ts';
import { presentDealLine, presentRecent, presentStuckDeal } from './today.presenter.ts';
import { dayStart, localOf } from '../../platform/zonedTime.ts';

const dayMs = 86_400_000;
export const staySample = 200;
export const minStays = 10;
export const defaultUsualDays = 30;
export const minUsualDays = 7;
/** How many recently viewed records a user keeps, and how many the page shows. */
export const keptViews = 20;
const shownRecent = 10;
const taskLimit = 50;
const dealLimit = 10;

/** The instant the calendar day of `now` ends in time zone `tz` (the next local midnight). */
export function endOfDay(now: Date, tz: string): Date {
  const today = localOf(now, tz);
  const next = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return dayStart(next.toISOString().slice(0, 10), tz);
}

/** How long deals usually stay in each open stage, in whole days, and where that comes from. */
function usualStays(stays: repo.StageStay[]) {
  const usual = new Map<string, { days: number; from: StuckDeal['usualFrom'] }>();
  for (const stay of stays) {
    const known = stay.stays >= minStays && stay.p75_seconds !== null;
    const days = known ? Math.max(minUsualDays, Math.ceil(stay.p75_seconds! / 86_400)) : defaultUsualDays;
    usual.set(stay.stage_id, { days, from: known ? 'history' : 'default' });
  }
  return usual;
}

export function todayService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    async get(actor: Actor, query: TodayQuery): Promise<Today> {
      const now = new Date();
      const until = endOfDay(now, query.tz ?? 'UTC');
      const { workspaceId: ws, userId } = actor;
      return inTenant(db, actor, async (tx) => {
        const taskIds = await repo.dueTaskIds(tx, ws, userId, until, taskLimit);
        const tasks = await tasksByIds(tx, taskIds);
        const counts = await repo.dueTaskCounts(tx, ws, userId, until);
        const needing = await repo.dealsNeedingStep(tx, ws, userId, until, dealLimit + 1);
        const usual = usualStays(await repo.stageStays(tx, ws, staySample));
        const cutoffs = [...usual].map(([stageId, { days }]) => ({
          stageId,
          enteredBefore: new Date(now.getTime() - (days + 1) * dayMs),
        }));
        const stuck = (await repo.dealsStuck(tx, ws, userId, cutoffs, dealLimit + 1))
          .map((row) => presentStuckDeal(row, usual.get(row.stage_id)!, now.getTime()))
          .sort((a, b) => b.daysInStage / b.usualDays - a.daysInStage / a.usualDays || a.id.localeCompare(b.id));
        const recent = await repo.recentRecords(tx, ws, userId, shownRecent);
        return {
          tasks: {
            data: taskIds.flatMap((id) => tasks.get(id) ?? []),
            overdue: counts.overdue,
            dueToday: counts.dueToday,
          },
          deals: { data: needing.slice(0, dealLimit).map(presentDealLine), more: needing.length > dealLimit },
          stuckDeals: { data: stuck.slice(0, dealLimit), more: stuck.length > dealLimit },
          recent: recent.map(presentRecent),
        };
      });
    },

    /** Notes that the user opened a record; only live records of the workspace count (else 404). */
    async viewed(actor: Actor, input: RecentViewCreate): Promise<void> {
      const type: RecordType = input.type;
      await inTenant(db, actor, async (tx) => {
        if (!(await repo.recordIsLive(tx, type, input.id))) throw notFound(type);
        await repo.upsertView(tx, actor.workspaceId, actor.userId, type, input.id);
        await repo.trimViews(tx, actor.workspaceId, actor.userId, keptViews);
      });
    },
  };
}
