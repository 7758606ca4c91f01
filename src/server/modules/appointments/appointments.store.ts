// Writing an appointment, whichever way it comes (the API, a CalDAV client, a reply by mail):
// one normalised draft, checked once, stored with its attendees and changed occurrences, and
// mirrored as a meeting activity so that it shows on the timeline of every record it concerns.
import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AppointmentsTable, AttendeeStatus } from '../../platform/db/schema.ts';
import { type LinkSets, linkSetOf, noLinks, replaceLinks } from '../../platform/db/links.ts';
import { newId } from '../../platform/db/records.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import { activityLinks, touchLinkedRecords } from '../activities/activities.repository.ts';
import type { OverrideData } from './appointments.ical.ts';
import { dayStart, isoDay, localOf } from '../../platform/zonedTime.ts';
import { parseRule, seriesEnd } from './appointments.time.ts';

export type AppointmentRow = Selectable<AppointmentsTable>;

export interface AttendeeDraft {
  email: string | null;
  name: string | null;
  contactId: string | null;
  userId: string | null;
  status?: AttendeeStatus;
}

export interface Draft {
  uid?: string;
  title: string;
  description: string | null;
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
  rrule: string | null;
  exdates: Date[];
  reminders: number[];
  status: 'tentative' | 'confirmed' | 'cancelled';
  ownerId: string;
  attendees: AttendeeDraft[];
  /** Undefined keeps the stored ones. */
  overrides?: OverrideData[];
  links: LinkSets;
  sequence?: number;
}

const maxDurationMs = 366 * 86_400_000;

/** Normalises times (whole days for all-day) and checks what the columns cannot. */
export function checkDraft(draft: Draft): Draft & { repeatsUntil: Date | null } {
  let { startsAt, endsAt } = draft;
  if (draft.allDay) {
    startsAt = dayStart(isoDay(localOf(startsAt, draft.timeZone)), draft.timeZone);
    endsAt = dayStart(isoDay(localOf(endsAt, draft.timeZone)), draft.timeZone);
  }
  if (endsAt < startsAt) throw invalid([{ path: 'endsAt', code: 'invalid', message: 'must not be before startsAt' }]);
  if (endsAt.getTime() - startsAt.getTime() > maxDurationMs) {
    throw invalid([{ path: 'endsAt', code: 'invalid', message: 'an appointment lasts at most a year' }]);
  }
  let repeatsUntil: Date | null = endsAt;
  if (draft.rrule) {
    const rule = parseRule(draft.rrule, localOf(startsAt, draft.timeZone));
    repeatsUntil = seriesEnd(
      rule,
      localOf(startsAt, draft.timeZone),
      draft.timeZone,
      endsAt.getTime() - startsAt.getTime(),
    );
    const lastOverride = (draft.overrides ?? []).reduce((max, o) => Math.max(max, o.endsAt.getTime()), 0);
    if (repeatsUntil && lastOverride > repeatsUntil.getTime()) repeatsUntil = new Date(lastOverride);
  }
  return { ...draft, startsAt, endsAt, repeatsUntil: draft.rrule ? repeatsUntil : null };
}

function rowValues(draft: ReturnType<typeof checkDraft>) {
  return {
    title: draft.title,
    description: draft.description,
    location: draft.location,
    starts_at: draft.startsAt,
    ends_at: draft.endsAt,
    time_zone: draft.timeZone,
    all_day: draft.allDay,
    rrule: draft.rrule,
    exdates: draft.exdates,
    repeats_until: draft.repeatsUntil,
    reminders: draft.reminders,
    status: draft.status,
    owner_id: draft.ownerId,
  };
}

/** A draft's attendees with duplicates folded (by email, contact or user), statuses kept from `before`. */
function attendeeRows(
  workspaceId: string,
  appointmentId: string,
  attendees: AttendeeDraft[],
  before: Array<{
    email: string | null;
    contact_id: string | null;
    user_id: string | null;
    status: AttendeeStatus;
    responded_at: Date | null;
  }>,
) {
  const seen = new Set<string>();
  const rows = [];
  for (const a of attendees) {
    const keys = [
      a.email && `e:${a.email.toLowerCase()}`,
      a.contactId && `c:${a.contactId}`,
      a.userId && `u:${a.userId}`,
    ].filter((k): k is string => Boolean(k));
    if (keys.length === 0 || keys.some((k) => seen.has(k))) continue;
    for (const k of keys) seen.add(k);
    const email = a.email?.toLowerCase() ?? null;
    const earlier = before.find(
      (b) =>
        (email && b.email === email) ||
        (a.contactId && b.contact_id === a.contactId) ||
        (a.userId && b.user_id === a.userId),
    );
    rows.push({
      workspace_id: workspaceId,
      appointment_id: appointmentId,
      id: newId(),
      email,
      name: a.name,
      contact_id: a.contactId,
      user_id: a.userId,
      status: a.status ?? earlier?.status ?? 'needs-action',
      responded_at: a.status ? null : (earlier?.responded_at ?? null),
    });
  }
  return rows;
}

/** Inserts or updates the appointment row, then its attendees, changed occurrences and activity. */
export async function writeAppointment(
  tx: Db,
  workspaceId: string,
  existing: AppointmentRow | null,
  input: Draft,
  options: { expectedVersion?: number; bumpSequence?: boolean } = {},
): Promise<AppointmentRow> {
  const draft = checkDraft(input);
  let row: AppointmentRow;
  if (!existing) {
    row = await tx
      .insertInto('appointments')
      .values({
        workspace_id: workspaceId,
        id: newId(),
        uid: draft.uid ?? `${randomUUID()}@farley`,
        ...rowValues(draft),
        sequence: draft.sequence ?? 0,
        invited_at: null,
        deleted_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((error) => {
        if ((error as { constraint?: string }).constraint === 'appointments_uid') {
          throw invalid([{ path: 'uid', code: 'duplicate', message: 'an appointment with this UID exists' }]);
        }
        throw error;
      });
  } else {
    let query = tx
      .updateTable('appointments')
      .set({
        ...rowValues(draft),
        sequence: options.bumpSequence
          ? sql`sequence + 1`
          : draft.sequence !== undefined
            ? sql`greatest(sequence, ${draft.sequence})`
            : sql`sequence`,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', existing.id)
      .where('deleted_at', 'is', null);
    if (options.expectedVersion !== undefined) query = query.where('version', '=', options.expectedVersion);
    const updated = await query.returningAll().executeTakeFirst();
    if (!updated) {
      throw new AppError(
        'precondition_failed',
        'The appointment was changed by someone else. Load it again and retry.',
      );
    }
    row = updated;
  }
  const before = existing
    ? await tx.selectFrom('appointment_attendees').selectAll().where('appointment_id', '=', row.id).execute()
    : [];
  await tx.deleteFrom('appointment_attendees').where('appointment_id', '=', row.id).execute();
  const attendees = attendeeRows(workspaceId, row.id, draft.attendees, before);
  if (attendees.length > 0) await tx.insertInto('appointment_attendees').values(attendees).execute();
  if (draft.overrides) {
    await tx.deleteFrom('appointment_overrides').where('appointment_id', '=', row.id).execute();
    const overrides = draft.overrides.map((o) => ({
      workspace_id: workspaceId,
      appointment_id: row.id,
      recurrence_id: o.recurrenceId,
      cancelled: o.cancelled,
      title: o.title,
      description: o.description,
      location: o.location,
      starts_at: o.startsAt,
      ends_at: o.endsAt < o.startsAt ? o.startsAt : o.endsAt,
    }));
    const unique = [...new Map(overrides.map((o) => [o.recurrence_id.getTime(), o])).values()];
    for (let i = 0; i < unique.length; i += 500) {
      await tx
        .insertInto('appointment_overrides')
        .values(unique.slice(i, i + 500))
        .execute();
    }
  }
  const contactIds = [
    ...new Set([...draft.links.contactIds, ...attendees.flatMap((a) => (a.contact_id ? [a.contact_id] : []))]),
  ];
  await syncActivity(tx, workspaceId, row, { ...draft.links, contactIds });
  return row;
}

/** The appointment's meeting activity: created with it, changed with it, trashed with it. */
export async function syncActivity(tx: Db, workspaceId: string, row: AppointmentRow, links: LinkSets | null) {
  const values = {
    type: 'meeting' as const,
    direction: 'outbound' as const,
    subject: row.title,
    body: row.description,
    occurred_at: row.starts_at,
    duration_minutes: row.all_day ? null : Math.round((row.ends_at.getTime() - row.starts_at.getTime()) / 60_000),
    author_id: row.owner_id,
    deleted_at: row.deleted_at,
  };
  const existing = await tx
    .selectFrom('activities')
    .select('id')
    .where('appointment_id', '=', row.id)
    .executeTakeFirst();
  let activityId: string;
  if (existing) {
    activityId = existing.id;
    await tx
      .updateTable('activities')
      .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', activityId)
      .execute();
    await tx
      .updateTable('activity_links')
      .set({ occurred_at: row.starts_at })
      .where('activity_id', '=', activityId)
      .execute();
  } else {
    activityId = newId();
    await tx
      .insertInto('activities')
      .values({ ...values, workspace_id: workspaceId, id: activityId, outcome: null, appointment_id: row.id })
      .execute();
  }
  if (!links) return activityId;
  for (const [type, key] of Object.entries(linkSetOf) as Array<[RecordType, keyof LinkSets]>) {
    await replaceLinks(tx, activityLinks, workspaceId, activityId, type, links[key], { occurred_at: row.starts_at });
  }
  if (!row.deleted_at) await touchLinkedRecords(tx, links, row.starts_at);
  return activityId;
}

/** The links of an appointment's activity (to keep them when a client rewrites the appointment). */
export async function activityLinksOf(tx: Db, appointmentId: string): Promise<LinkSets> {
  const rows = await tx
    .selectFrom('activities as v')
    .innerJoin('activity_links as l', 'l.activity_id', 'v.id')
    .select(['l.record_type', 'l.record_id'])
    .where('v.appointment_id', '=', appointmentId)
    .execute();
  const out = noLinks();
  for (const r of rows) out[linkSetOf[r.record_type]].push(r.record_id);
  return out;
}

/** Addresses matched to contacts and users (for attendees named by email only). */
export async function matchAttendees(tx: Db, emails: string[]) {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return { contacts: new Map<string, string>(), users: new Map<string, string>() };
  const contacts = await sql<{ address: string; id: string }>`
    select distinct on (w.address) w.address, c.id from contacts c cross join lateral unnest(c.email_list) w(address)
    where c.deleted_at is null and c.email_list && ${wanted}::text[] and w.address = any(${wanted}::text[])
    order by w.address, c.updated_at desc`.execute(tx);
  const users = await tx
    .selectFrom('users')
    .select(['id', 'email'])
    .where(sql`lower(email)`, 'in', wanted)
    .where('deleted_at', 'is', null)
    .execute();
  return {
    contacts: new Map(contacts.rows.map((r) => [r.address, r.id])),
    users: new Map(users.map((u) => [u.email.toLowerCase(), u.id])),
  };
}
