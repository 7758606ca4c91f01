// Activities (the contact history): who did what with whom and when, linked to any number of
// contacts, companies and deals. Keeps the links' copied time and the records' last activity.
// Confidential ones are hidden by the database (migration 0063); here a role that may only
// read them is refused changing one, or marking a note confidential, with a 403 to say why.
import type { AppContext } from '../../platform/context.ts';
import { partnerOnly } from '../../platform/db/visibleSet.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import type { Activity, ActivityCreate, ActivityPatch } from '../../../contract/activities.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { columnsFrom, type FieldColumns } from '../../platform/presenting.ts';
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
import { fieldAccessFor, fieldReadOnly } from '../../platform/fieldAccess.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import type { LinkService } from '../../platform/http/linkRoutes.ts';
import * as repo from './activities.repository.ts';
import { type ActivityRow, presentActivity } from './activities.presenter.ts';

/** The fields a write stores as they come, each in its column. */
export const activityColumns = {
  type: { column: 'type' },
  direction: { column: 'direction' },
  subject: { column: 'subject' },
  body: { column: 'body' },
  occurredAt: { column: 'occurred_at' },
  durationMinutes: { column: 'duration_minutes' },
  outcome: { column: 'outcome' },
  authorId: { column: 'author_id' },
  confidential: { column: 'confidential' },
} as const satisfies FieldColumns<'activities', ActivityPatch>;

/** Maps API fields to columns and checks every reference (422 naming the field). */
async function columnsOf(tx: Db, input: ActivityPatch) {
  const values = columnsFrom(activityColumns, input);
  await assertExists(tx, 'users', [input.authorId], 'authorId');
  await assertLinkTargets(tx, input);
  return values;
}

async function withLinks(tx: Db, rows: ActivityRow[]): Promise<Activity[]> {
  const links = await linkedOf(
    tx,
    repo.activityLinks,
    rows.map((row) => row.id),
  );
  return rows.map((row) => presentActivity(row, links.get(row.id) ?? { ...noLinks(), linked: [] }));
}

async function one(tx: Db, row: ActivityRow): Promise<Activity> {
  return (await withLinks(tx, [row]))[0];
}

/**
 * Runs a change of links, then records it in the audit trail and moves the linked records'
 * last activity. `row` is the activity as it is after the change.
 */
async function changeLinks(tx: Db, row: ActivityRow, change: () => Promise<unknown>, created = false) {
  const before = (await linksOf(tx, repo.activityLinks, [row.id])).get(row.id)!;
  await change();
  const after = (await linksOf(tx, repo.activityLinks, [row.id])).get(row.id)!;
  await auditLinkChange(tx, 'activity', row.id, before, after, created);
  await repo.touchLinkedRecords(tx, after, row.occurred_at);
}

/** Makes each kind of link the input names exactly the given list. */
async function setLinks(tx: Db, actor: Actor, row: ActivityRow, input: Partial<LinkSets>) {
  for (const [type, key] of Object.entries(linkSetOf) as Array<[RecordType, keyof LinkSets]>) {
    const ids = input[key];
    if (ids)
      await replaceLinks(tx, repo.activityLinks, actor.workspaceId, row.id, type, ids, {
        occurred_at: row.occurred_at,
      });
  }
}

/**
 * Refuses a change that touches confidential notes when the caller's role may only read them:
 * a change of a confidential activity (`row`), or one that sets the mark (`confidential`).
 * The database refuses such writes too; this says why, with the field rules' problem.
 */
async function assertMayChange(
  db: Db,
  actor: Actor,
  row: { confidential: boolean } | null,
  confidential?: boolean,
): Promise<void> {
  const touches = row?.confidential || (confidential !== undefined && confidential !== (row?.confidential ?? false));
  if (!touches) return;
  const access = await fieldAccessFor(db, actor);
  if (!access.locked.has('activity.confidential')) return;
  throw fieldReadOnly('Your role may not change confidential notes, nor mark or unmark a note confidential.');
}

export type ActivityService = RecordService<Activity, ActivityCreate, ActivityPatch> & LinkService<Activity>;

export function activityService(ctx: AppContext): ActivityService {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listActivities(tx, query, partnerOnly(actor, 'activity', 'activities'));
        return { data: await withLinks(tx, page.rows), nextCursor: page.nextCursor };
      }),
    get: (actor, id) => inTenant(db, actor, async (tx) => one(tx, await findLive(tx, 'activities', id, 'activity'))),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        await assertMayChange(db, actor, null, input.confidential);
        const values = await columnsOf(tx, input);
        const row = await repo.insertActivity(tx, {
          ...values,
          type: input.type,
          author_id: input.authorId === undefined ? actor.userId : input.authorId,
          workspace_id: actor.workspaceId,
          id: newId(),
        });
        await changeLinks(tx, row, () => setLinks(tx, actor, row, input), true);
        return one(tx, row);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'activities', id, 'activity');
        await assertMayChange(db, actor, current, patch.confidential);
        // An email's or appointment's entry shows what the email or appointment shows anyway,
        // and their own modules find and update it: only notes logged by hand are confidential.
        if (patch.confidential && (current.email_id || current.appointment_id)) {
          throw invalid([
            { path: 'confidential', code: 'invalid', message: 'an email or appointment cannot be marked confidential' },
          ]);
        }
        const values = await columnsOf(tx, patch);
        const row = await updateLive(tx, 'activities', id, values, version, 'activity');
        if (patch.occurredAt !== undefined) await repo.setLinkTimes(tx, id, row.occurred_at);
        await changeLinks(tx, row, () => setLinks(tx, actor, row, patch));
        return one(tx, row);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await assertMayChange(db, actor, await findLive(tx, 'activities', id, 'activity'));
        await trash(tx, 'activities', id, version, 'activity');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        await assertMayChange(db, actor, (await repo.findConfidential(tx, id)) ?? null);
        const row = await restore(tx, 'activities', id, 'activity');
        await repo.touchLinkedRecords(tx, (await linksOf(tx, repo.activityLinks, [id])).get(id)!, row.occurred_at);
        return one(tx, row);
      }),
    addLink: (actor, id, type, recordId, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'activities', id, 'activity');
        await assertMayChange(db, actor, current);
        await assertLinkTargets(tx, { [linkSetOf[type]]: [recordId] }, 'id');
        let created = false;
        await changeLinks(tx, current, async () => {
          created = await addLink(tx, repo.activityLinks, actor.workspaceId, id, type, recordId, {
            occurred_at: current.occurred_at,
          });
        });
        // The links are part of the activity, so a new one makes a new version.
        const row = created ? await updateLive(tx, 'activities', id, {}, version, 'activity') : current;
        return { record: await one(tx, row), created };
      }),
    removeLink: (actor, id, type, recordId, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'activities', id, 'activity');
        await assertMayChange(db, actor, current);
        await changeLinks(tx, current, async () => {
          if (!(await removeLink(tx, repo.activityLinks, id, type, recordId))) throw notFound('link');
        });
        await updateLive(tx, 'activities', id, {}, version, 'activity');
      }),
  };
}

/** For the timeline: live activities by id, with their links. */
export async function activitiesByIds(tx: Db, ids: string[]): Promise<Map<string, Activity>> {
  const activities = await withLinks(tx, await repo.findActivities(tx, ids));
  return new Map(activities.map((activity) => [activity.id, activity]));
}

/**
 * The timeline entry of an email the emails module stored: an activity of type email that
 * stands for it (activities.email_id) and carries its links, so the timeline, "last contacted"
 * and the KPIs count the message like any other contact. Removed with the email.
 */
export async function addEmailActivity(
  tx: Db,
  workspaceId: string,
  email: {
    emailId: string;
    direction: 'inbound' | 'outbound';
    subject: string;
    body: string;
    occurredAt: Date;
    authorId: string | null;
  },
  links: LinkSets,
): Promise<string> {
  const row = await repo.insertActivity(tx, {
    workspace_id: workspaceId,
    id: newId(),
    type: 'email',
    direction: email.direction,
    subject: email.subject || null,
    body: email.body || null,
    occurred_at: email.occurredAt,
    author_id: email.authorId,
    email_id: email.emailId,
  });
  const rows = (['contact', 'company', 'deal'] as const).flatMap((type) =>
    links[linkSetOf[type]].map((recordId) => ({
      workspace_id: workspaceId,
      activity_id: row.id,
      record_type: type,
      record_id: recordId,
      occurred_at: row.occurred_at,
    })),
  );
  if (rows.length > 0)
    await tx
      .insertInto('activity_links')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
  await repo.touchLinkedRecords(tx, links, row.occurred_at);
  return row.id;
}
