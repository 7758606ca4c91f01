// The user's calendar as CalDAV sees it (the DAV module serves it): one calendar object per
// appointment or series, named by its UID, with an ETag that changes with every change. What a
// client writes is read as iCalendar and stored like any other change; the organiser of a new
// appointment is the user whose device wrote it.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import { fromICalendar, invalidCalendar, toICalendar } from './appointments.ical.ts';
import {
  type AppointmentRow,
  type Draft,
  activityLinksOf,
  matchAttendees,
  syncActivity,
  writeAppointment,
} from './appointments.store.ts';
import { loadAppointments, seriesOfAll } from './appointments.service.ts';
import * as repo from './appointments.repository.ts';

export function etagOfAppointment(row: Pick<AppointmentRow, 'id' | 'version'>): string {
  return `"${row.version}-${row.id.slice(-12)}"`;
}

function mine(tx: Db, userId: string) {
  return repo.appointmentsOf(tx, [userId]);
}

/** Every calendar object of the user: appointments they organise or attend. */
export async function calendarEtags(tx: Db, userId: string): Promise<Array<{ uid: string; etag: string }>> {
  const rows = await mine(tx, userId).select(['a.id', 'a.uid', 'a.version']).execute();
  return rows.map((r) => ({ uid: r.uid, etag: etagOfAppointment(r) }));
}

export async function calendarObjects(
  tx: Db,
  userId: string,
  uids: string[],
): Promise<Array<{ uid: string; etag: string; ics: string }>> {
  if (uids.length === 0) return [];
  const rows = await mine(tx, userId).selectAll('a').where('a.uid', 'in', uids.slice(0, 5000)).execute();
  const loaded = await loadAppointments(tx, rows);
  const series = await seriesOfAll(tx, loaded);
  return loaded.map((l, index) => ({
    uid: l.row.uid,
    etag: etagOfAppointment(l.row),
    ics: toICalendar([series[index]]),
  }));
}

/** UIDs of the user's appointments that may overlap [start, end) (series by their whole span). */
export async function calendarObjectsInRange(
  tx: Db,
  userId: string,
  start: Date | null,
  end: Date | null,
): Promise<string[]> {
  const query = repo.mayOverlap(mine(tx, userId), start, end).select('a.uid');
  return (await query.execute()).map((r) => r.uid);
}

function stale(): AppError {
  return new AppError('precondition_failed', 'The calendar object was changed in between (ETag mismatch).');
}

async function liveByUid(tx: Db, uid: string) {
  return tx
    .selectFrom('appointments')
    .selectAll()
    .where('uid', '=', uid)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

async function assertMayWrite(tx: Db, actor: Actor, row: AppointmentRow) {
  if (row.owner_id === actor.userId || can(actor, 'manage', 'appointment')) return;
  const attending = await tx
    .selectFrom('appointment_attendees')
    .select('user_id')
    .where('appointment_id', '=', row.id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!attending) throw forbidden('Only the organiser, an attending user or a manager may change this appointment.');
}

/**
 * Stores what a client PUT at `<uid>.ics`. `expectedEtag` is the client's If-Match (null: none,
 * '*': must exist); `createOnly` is If-None-Match: *.
 */
export async function putCalendarObject(
  tx: Db,
  actor: Actor,
  uid: string,
  ics: string,
  expectedEtag: string | null | '*',
  createOnly = false,
): Promise<{ etag: string; created: boolean }> {
  if (!can(actor, 'create', 'appointment')) throw forbidden('Your role may not change the calendar.');
  const parsed = fromICalendar(ics);
  if (parsed.series.uid !== uid)
    throw invalidCalendar(`the UID ${parsed.series.uid} does not match the resource name ${uid}.ics`);
  const existing = await liveByUid(tx, uid);
  if (existing && createOnly) throw stale();
  if (!existing && expectedEtag !== null) throw stale();
  if (existing && expectedEtag !== null && expectedEtag !== '*' && expectedEtag !== etagOfAppointment(existing))
    throw stale();
  if (existing) await assertMayWrite(tx, actor, existing);
  const { series } = parsed;
  const matches = await matchAttendees(
    tx,
    series.attendees.map((a) => a.email),
  );
  const draft: Draft = {
    uid,
    title: series.title,
    description: series.description,
    location: series.location,
    startsAt: series.startsAt,
    endsAt: series.endsAt,
    timeZone: series.timeZone,
    allDay: series.allDay,
    rrule: series.rrule,
    exdates: series.exdates,
    reminders: series.reminders,
    status: series.status,
    ownerId: existing?.owner_id ?? actor.userId,
    attendees: series.attendees.map((a) => ({
      email: a.email,
      name: a.name,
      contactId: matches.contacts.get(a.email) ?? null,
      userId: matches.users.get(a.email) ?? null,
      status: a.status,
    })),
    overrides: series.overrides,
    links: existing ? await activityLinksOf(tx, existing.id) : { contactIds: [], companyIds: [], dealIds: [] },
    sequence: series.sequence,
  };
  const row = await writeAppointment(tx, actor.workspaceId, existing ?? null, draft);
  return { etag: etagOfAppointment(row), created: !existing };
}

/** Deletes the appointment at `<uid>.ics`; false when there is none. */
export async function deleteCalendarObject(
  tx: Db,
  actor: Actor,
  uid: string,
  expectedEtag: string | null,
): Promise<boolean> {
  if (!can(actor, 'delete', 'appointment')) throw forbidden('Your role may not change the calendar.');
  const existing = await liveByUid(tx, uid);
  if (!existing) return false;
  if (expectedEtag !== null && expectedEtag !== '*' && expectedEtag !== etagOfAppointment(existing)) throw stale();
  await assertMayWrite(tx, actor, existing);
  const trashed = await tx
    .updateTable('appointments')
    .set({ deleted_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncActivity(tx, actor.workspaceId, trashed, null);
  return true;
}
