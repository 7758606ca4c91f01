// Appointments and the calendar: what the API's routes call. Reads expand series into the
// occurrences of a range; writes go through appointments.store.ts; after a change that
// attendees were invited to, the update (or cancellation) goes out by mail.
import Holidays from 'date-holidays';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type {
  Appointment,
  AppointmentCreate,
  AppointmentPatch,
  AttendeeInput,
  CalendarQuery,
  Holiday,
  Occurrence,
  OccurrencePatch,
} from '../../../contract/appointments.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertLinkTargets, linkedOf, noLinks, type LinkSets } from '../../platform/db/links.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import { activityLinks } from '../activities/activities.repository.ts';
import * as repo from './appointments.repository.ts';
import { defaultZone, type SeriesData, toICalendar } from './appointments.ical.ts';
import {
  type AppointmentRow,
  type AttendeeDraft,
  type Draft,
  activityLinksOf,
  matchAttendees,
  syncActivity,
  writeAppointment,
} from './appointments.store.ts';
import { occurrencesBetween, parseRule } from './appointments.time.ts';
import { localOf } from '../../platform/zonedTime.ts';

type AttendeeRow = Awaited<ReturnType<typeof repo.attendeesOf>>[number];
type OverrideRow = Awaited<ReturnType<typeof repo.overridesOf>>[number];

export interface Loaded {
  row: AppointmentRow;
  attendees: AttendeeRow[];
  overrides: OverrideRow[];
}

export async function loadAppointments(tx: Db, rows: AppointmentRow[]): Promise<Loaded[]> {
  const ids = rows.map((r) => r.id);
  const [attendees, overrides] = await Promise.all([repo.attendeesOf(tx, ids), repo.overridesOf(tx, ids)]);
  const group = <T extends { appointment_id: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of list) map.set(item.appointment_id, [...(map.get(item.appointment_id) ?? []), item]);
    return map;
  };
  const attendeesBy = group(attendees);
  const overridesBy = group(overrides);
  return rows.map((row) => ({
    row,
    attendees: attendeesBy.get(row.id) ?? [],
    overrides: overridesBy.get(row.id) ?? [],
  }));
}

export async function findAppointment(tx: Db, id: string): Promise<AppointmentRow> {
  const row = await tx.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('appointment');
  if (row.deleted_at)
    throw new AppError('not_found', 'The appointment is in the trash.', undefined, undefined, 'in_trash');
  return row;
}

type Organizer = { email: string; name: string | null };

/** The organisers' names and addresses: their own mailbox's address, else their sign-in email. */
export async function organizersOf(tx: Db, ownerIds: string[]): Promise<Map<string, Organizer>> {
  const ids = [...new Set(ownerIds)];
  if (ids.length === 0) return new Map();
  const users = await tx.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', ids).execute();
  const boxes = await tx
    .selectFrom('mailboxes')
    .select(['owner_id', 'address'])
    .where('owner_id', 'in', ids)
    .where('team_id', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  const boxOf = new Map(boxes.map((b) => [b.owner_id, b.address]));
  return new Map(users.map((u) => [u.id, { email: boxOf.get(u.id) ?? u.email, name: u.name }]));
}

/** The appointments as iCalendar sees them. */
export async function seriesOfAll(tx: Db, loaded: Loaded[]): Promise<SeriesData[]> {
  const organizers = await organizersOf(
    tx,
    loaded.map((l) => l.row.owner_id),
  );
  return loaded.map((l) => seriesOf(l, organizers.get(l.row.owner_id) ?? null));
}

/** What an appointment plans (the fields iCalendar, the store and the API share). */
function plannedOf(row: AppointmentRow) {
  return {
    title: row.title,
    description: row.description,
    location: row.location,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    allDay: row.all_day,
    rrule: row.rrule,
    exdates: row.exdates,
    reminders: row.reminders,
    status: row.status,
  };
}

/** A stored changed occurrence as iCalendar and the store see it (its title falls back to the series'). */
function overrideOf(o: OverrideRow, row: AppointmentRow) {
  return {
    recurrenceId: o.recurrence_id,
    cancelled: o.cancelled,
    title: o.title ?? row.title,
    description: o.description,
    location: o.location,
    startsAt: o.starts_at,
    endsAt: o.ends_at,
  };
}

export function seriesOf(loaded: Loaded, organizer: Organizer | null): SeriesData {
  const { row } = loaded;
  return {
    uid: row.uid,
    ...plannedOf(row),
    sequence: row.sequence,
    organizer,
    attendees: loaded.attendees.flatMap((a) => (a.email ? [{ email: a.email, name: a.name, status: a.status }] : [])),
    overrides: loaded.overrides.map((o) => overrideOf(o, row)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function present(tx: Db, loaded: Loaded): Promise<Appointment> {
  const { row } = loaded;
  const activities = await repo.activitiesOf(tx, [row.id]);
  const activityId = activities[0]?.id ?? null;
  const links = activityId ? (await linkedOf(tx, activityLinks, [activityId])).get(activityId) : undefined;
  return {
    id: row.id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
    uid: row.uid,
    title: row.title,
    description: row.description,
    location: row.location,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    allDay: row.all_day,
    timeZone: row.time_zone,
    rrule: row.rrule,
    exdates: row.exdates.map((d) => d.toISOString()),
    reminders: row.reminders,
    status: row.status,
    ownerId: row.owner_id,
    sequence: row.sequence,
    invitedAt: row.invited_at?.toISOString() ?? null,
    attendees: loaded.attendees.map((a) => ({
      email: a.email,
      name: a.name,
      contactId: a.contact_id,
      userId: a.user_id,
      status: a.status,
      respondedAt: a.responded_at?.toISOString() ?? null,
    })),
    overrides: loaded.overrides.map((o) => ({
      recurrenceId: o.recurrence_id.toISOString(),
      cancelled: o.cancelled,
      title: o.title,
      description: o.description,
      location: o.location,
      startsAt: o.starts_at.toISOString(),
      endsAt: o.ends_at.toISOString(),
    })),
    activityId,
    ...(links ?? { ...noLinks(), linked: [] }),
  };
}

export async function presentOne(tx: Db, row: AppointmentRow): Promise<Appointment> {
  return present(tx, (await loadAppointments(tx, [row]))[0]);
}

/** Attendees named in the API: contacts and users by id, anyone else by address. */
async function resolveAttendees(tx: Db, input: AttendeeInput[]): Promise<AttendeeDraft[]> {
  const contactIds = input.flatMap((a) => (a.contactId ? [a.contactId] : []));
  const userIds = input.flatMap((a) => (a.userId ? [a.userId] : []));
  const contacts = contactIds.length
    ? await tx
        .selectFrom('contacts')
        .select(['id', 'email_list', 'first_name', 'last_name'])
        .where('id', 'in', contactIds)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  const users = userIds.length
    ? await tx
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('id', 'in', userIds)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  const byEmail = await matchAttendees(
    tx,
    input.flatMap((a) => (a.email ? [a.email] : [])),
  );
  return input.map((a, index) => {
    if (a.contactId) {
      const contact = contacts.find((c) => c.id === a.contactId);
      if (!contact)
        throw invalid([{ path: `attendees.${index}.contactId`, code: 'not_found', message: 'no such contact' }]);
      const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ') || null;
      return { email: contact.email_list[0] ?? null, name: a.name ?? name, contactId: contact.id, userId: null };
    }
    if (a.userId) {
      const user = users.find((u) => u.id === a.userId);
      if (!user) throw invalid([{ path: `attendees.${index}.userId`, code: 'not_found', message: 'no such user' }]);
      return { email: user.email.toLowerCase(), name: a.name ?? user.name, contactId: null, userId: user.id };
    }
    const email = (a.email ?? '').toLowerCase();
    return {
      email,
      name: a.name ?? null,
      contactId: byEmail.contacts.get(email) ?? null,
      userId: byEmail.users.get(email) ?? null,
    };
  });
}

function draftOfRow(loaded: Loaded, links: LinkSets): Draft {
  const { row } = loaded;
  return {
    ...plannedOf(row),
    ownerId: row.owner_id,
    attendees: loaded.attendees.map((a) => ({
      email: a.email,
      name: a.name,
      contactId: a.contact_id,
      userId: a.user_id,
      status: a.status,
    })),
    links,
  };
}

/** Whether the caller may change the appointment: its organiser, an attending user, or a manager. */
function assertMayChange(actor: Actor, loaded: Loaded) {
  if (loaded.row.owner_id === actor.userId) return;
  if (loaded.attendees.some((a) => a.user_id === actor.userId)) return;
  if (can(actor, 'manage', 'appointment')) return;
  throw forbidden('Only the organiser, an attending user or a manager may change this appointment.');
}

/** The fields that attendees are told about when they change. */
function relevantChange(before: AppointmentRow, after: AppointmentRow): boolean {
  return (
    before.title !== after.title ||
    before.location !== after.location ||
    before.description !== after.description ||
    before.starts_at.getTime() !== after.starts_at.getTime() ||
    before.ends_at.getTime() !== after.ends_at.getTime() ||
    before.rrule !== after.rrule ||
    before.all_day !== after.all_day ||
    before.status !== after.status
  );
}

export type Notify = (workspaceId: string, appointmentId: string, method: 'REQUEST' | 'CANCEL') => void;

/** Occurrences of loaded appointments in [from, to). */
export function expand(loaded: Loaded[], from: Date, to: Date, names: Map<string, string>): Occurrence[] {
  const out: Occurrence[] = [];
  for (const item of loaded) {
    const { row } = item;
    const base = {
      appointmentId: row.id,
      timeZone: row.time_zone,
      allDay: row.all_day,
      status: row.status,
      ownerId: row.owner_id,
      userIds: [...new Set([row.owner_id, ...item.attendees.flatMap((a) => (a.user_id ? [a.user_id] : []))])],
      contacts: item.attendees.flatMap((a) =>
        a.contact_id ? [{ id: a.contact_id, name: names.get(a.contact_id) ?? a.name ?? a.email ?? '' }] : [],
      ),
      recurring: row.rrule !== null,
      version: row.version,
    };
    if (!row.rrule) {
      out.push({
        ...base,
        recurrenceId: null,
        title: row.title,
        location: row.location,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        changed: false,
      });
      continue;
    }
    const duration = row.ends_at.getTime() - row.starts_at.getTime();
    const overrides = new Map(item.overrides.map((o) => [o.recurrence_id.getTime(), o]));
    const excluded = new Set(row.exdates.map((d) => d.getTime()));
    // Occurrences moved on their own may come from outside the window: look as far as the widest move.
    const shift = item.overrides.reduce(
      (max, o) =>
        Math.max(
          max,
          Math.abs(o.starts_at.getTime() - o.recurrence_id.getTime()) +
            Math.abs(o.ends_at.getTime() - o.starts_at.getTime()),
        ),
      0,
    );
    let starts: Date[];
    try {
      starts = occurrencesBetween(
        parseRule(row.rrule, localOf(row.starts_at, row.time_zone)),
        row.starts_at,
        row.time_zone,
        duration,
        new Date(from.getTime() - shift),
        new Date(to.getTime() + shift),
        5000,
      );
    } catch {
      starts = [row.starts_at];
    }
    for (const start of starts) {
      if (excluded.has(start.getTime())) continue;
      const override = overrides.get(start.getTime());
      if (override?.cancelled) continue;
      const startsAt = override ? override.starts_at : start;
      const endsAt = override ? override.ends_at : new Date(start.getTime() + duration);
      if (endsAt.getTime() < from.getTime() || startsAt.getTime() >= to.getTime()) continue;
      if (endsAt.getTime() === from.getTime() && endsAt.getTime() !== startsAt.getTime()) continue;
      out.push({
        ...base,
        recurrenceId: start.toISOString(),
        title: override?.title ?? row.title,
        location: override ? override.location : row.location,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        changed: Boolean(override),
      });
    }
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.appointmentId.localeCompare(b.appointmentId));
}

async function calendarUsers(tx: Db, actor: Actor, query: CalendarQuery): Promise<string[]> {
  const users = new Set(query.userIds);
  if (query.teamId) {
    const members = await tx.selectFrom('team_members').select('user_id').where('team_id', '=', query.teamId).execute();
    for (const m of members) users.add(m.user_id);
    if (members.length === 0) {
      const team = await tx.selectFrom('teams').select('id').where('id', '=', query.teamId).executeTakeFirst();
      if (!team) throw invalid([{ path: 'teamId', code: 'not_found', message: 'no such team' }]);
    }
  }
  if (users.size === 0 && !query.teamId && !query.contactId) users.add(actor.userId);
  return [...users];
}

const holidayCache = new Map<string, Holiday[]>();

export function holidaysOf(region: string, year: number, lang: 'de' | 'en'): Holiday[] {
  const key = `${region}:${year}:${lang}`;
  let out = holidayCache.get(key);
  if (!out) {
    const [country, state] = region.split('-');
    const calendar = new Holidays(country, state ?? '', { languages: [lang], types: ['public'] });
    out = (calendar.getHolidays(year) || []).map((h) => ({ date: h.date.slice(0, 10), name: h.name, type: h.type }));
    if (holidayCache.size > 500) holidayCache.clear();
    holidayCache.set(key, out);
  }
  return out;
}

export function isHolidayRegion(region: string): boolean {
  const [country, state] = region.split('-');
  const countries = new Holidays().getCountries('en');
  if (!countries[country]) return false;
  if (!state) return true;
  const states = new Holidays().getStates(country, 'en') ?? {};
  return Boolean(states[state]);
}

export function appointmentService(ctx: AppContext, notify: Notify = () => {}) {
  const db = ctx.db.app;

  async function inputDraft(
    tx: Db,
    actor: Actor,
    input: AppointmentCreate | AppointmentPatch,
    base: Draft,
  ): Promise<Draft> {
    await assertLinkTargets(tx, { contactIds: input.contactIds, companyIds: input.companyIds, dealIds: input.dealIds });
    if (input.ownerId) {
      const owner = await tx
        .selectFrom('users')
        .select('id')
        .where('id', '=', input.ownerId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!owner) throw invalid([{ path: 'ownerId', code: 'not_found', message: 'no such user' }]);
    }
    return {
      ...base,
      title: input.title ?? base.title,
      description: input.description !== undefined ? input.description : base.description,
      location: input.location !== undefined ? input.location : base.location,
      startsAt: input.startsAt ? new Date(input.startsAt) : base.startsAt,
      endsAt: input.endsAt ? new Date(input.endsAt) : base.endsAt,
      timeZone: input.timeZone ?? base.timeZone,
      allDay: input.allDay ?? base.allDay,
      rrule: input.rrule !== undefined ? input.rrule || null : base.rrule,
      reminders: input.reminders ?? base.reminders,
      status: input.status ?? base.status,
      ownerId: input.ownerId ?? base.ownerId,
      attendees: input.attendees ? await resolveAttendees(tx, input.attendees) : base.attendees,
      links: {
        contactIds: input.contactIds ?? base.links.contactIds,
        companyIds: input.companyIds ?? base.links.companyIds,
        dealIds: input.dealIds ?? base.links.dealIds,
      },
    };
  }

  return {
    calendar: (actor: Actor, query: CalendarQuery) =>
      inTenant(db, actor, async (tx) => {
        const from = new Date(query.from);
        const to = new Date(query.to);
        const users = await calendarUsers(tx, actor, query);
        const rows = await repo.inRange(tx, users, from, to, query.contactId);
        const loaded = await loadAppointments(tx, rows);
        const names = await repo.contactNames(tx, [
          ...new Set(loaded.flatMap((l) => l.attendees.flatMap((a) => (a.contact_id ? [a.contact_id] : [])))),
        ]);
        return { data: expand(loaded, from, to, names) };
      }),

    get: (actor: Actor, id: string) => inTenant(db, actor, async (tx) => presentOne(tx, await findAppointment(tx, id))),

    /** The appointments a contact takes part in, for the access export (GDPR Art. 15). */
    ofContact: (actor: Actor, contactId: string) =>
      inTenant(db, actor, async (tx) => {
        const shown: Appointment[] = [];
        for (const row of await repo.ofContact(tx, contactId)) shown.push(await presentOne(tx, row));
        return shown;
      }),

    create: (actor: Actor, input: AppointmentCreate) =>
      inTenant(db, actor, async (tx) => {
        const base: Draft = {
          title: input.title,
          description: null,
          location: null,
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
          timeZone: defaultZone,
          allDay: false,
          rrule: null,
          exdates: [],
          reminders: [15],
          status: 'confirmed',
          ownerId: actor.userId,
          attendees: [],
          links: noLinks(),
        };
        const draft = await inputDraft(tx, actor, input, base);
        return presentOne(tx, await writeAppointment(tx, actor.workspaceId, null, draft));
      }),

    update: (actor: Actor, id: string, patch: AppointmentPatch, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const before = await findAppointment(tx, id);
        const [loaded] = await loadAppointments(tx, [before]);
        assertMayChange(actor, loaded);
        const base = draftOfRow(loaded, await activityLinksOf(tx, id));
        const draft = await inputDraft(tx, actor, patch, base);
        // A series whose rule or time changes loses its changed occurrences: they belonged to the old one.
        const seriesMoved =
          draft.rrule !== before.rrule || (before.rrule && draft.startsAt.getTime() !== before.starts_at.getTime());
        if (seriesMoved) {
          draft.overrides = [];
          draft.exdates = [];
        }
        const notifyAttendees = before.invited_at !== null;
        const after = await writeAppointment(tx, actor.workspaceId, before, draft, {
          expectedVersion: version,
          bumpSequence: notifyAttendees,
        });
        if (notifyAttendees && relevantChange(before, after)) notify(actor.workspaceId, id, 'REQUEST');
        return presentOne(tx, after);
      }),

    changeOccurrence: (
      actor: Actor,
      id: string,
      recurrenceId: string,
      patch: OccurrencePatch,
      version: number | undefined,
    ) =>
      inTenant(db, actor, async (tx) => {
        const row = await findAppointment(tx, id);
        if (version !== undefined && version !== row.version) {
          throw new AppError(
            'precondition_failed',
            'The appointment was changed by someone else. Load it again and retry.',
          );
        }
        const [loaded] = await loadAppointments(tx, [row]);
        assertMayChange(actor, loaded);
        if (!row.rrule)
          throw invalid([{ path: 'recurrenceId', code: 'invalid', message: 'the appointment does not repeat' }]);
        const at = new Date(recurrenceId);
        const duration = row.ends_at.getTime() - row.starts_at.getTime();
        const starts = occurrencesBetween(
          parseRule(row.rrule, localOf(row.starts_at, row.time_zone)),
          row.starts_at,
          row.time_zone,
          duration,
          new Date(at.getTime() - 1),
          new Date(at.getTime() + 1),
          5,
        );
        if (!starts.some((s) => s.getTime() === at.getTime())) {
          throw invalid([
            { path: 'recurrenceId', code: 'not_found', message: 'the series has no occurrence starting then' },
          ]);
        }
        const existing = loaded.overrides.find((o) => o.recurrence_id.getTime() === at.getTime());
        const startsAt = patch.startsAt ? new Date(patch.startsAt) : (existing?.starts_at ?? at);
        const endsAt = patch.endsAt ? new Date(patch.endsAt) : (existing?.ends_at ?? new Date(at.getTime() + duration));
        if (endsAt < startsAt)
          throw invalid([{ path: 'endsAt', code: 'invalid', message: 'must not be before startsAt' }]);
        const override = {
          recurrenceId: at,
          cancelled: patch.cancelled ?? existing?.cancelled ?? false,
          title: patch.title ?? existing?.title ?? row.title,
          description: patch.description !== undefined ? patch.description : (existing?.description ?? row.description),
          location: patch.location !== undefined ? patch.location : (existing?.location ?? row.location),
          startsAt,
          endsAt,
        };
        const others = loaded.overrides
          .filter((o) => o.recurrence_id.getTime() !== at.getTime())
          .map((o) => overrideOf(o, row));
        const draft = { ...draftOfRow(loaded, await activityLinksOf(tx, id)), overrides: [...others, override] };
        const after = await writeAppointment(tx, actor.workspaceId, row, draft, {
          bumpSequence: row.invited_at !== null,
        });
        if (row.invited_at) notify(actor.workspaceId, id, 'REQUEST');
        return presentOne(tx, after);
      }),

    trash: (actor: Actor, id: string, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const row = await findAppointment(tx, id);
        const [loaded] = await loadAppointments(tx, [row]);
        assertMayChange(actor, loaded);
        let query = tx
          .updateTable('appointments')
          .set({ deleted_at: new Date(), version: row.version + 1, updated_at: new Date(), sequence: row.sequence + 1 })
          .where('id', '=', id)
          .where('deleted_at', 'is', null);
        if (version !== undefined) query = query.where('version', '=', version);
        const trashed = await query.returningAll().executeTakeFirst();
        if (!trashed) {
          throw new AppError(
            'precondition_failed',
            'The appointment was changed by someone else. Load it again and retry.',
          );
        }
        await syncActivity(tx, actor.workspaceId, trashed, null);
        if (row.invited_at) notify(actor.workspaceId, id, 'CANCEL');
      }),

    ics: (actor: Actor, id: string) =>
      inTenant(db, actor, async (tx) => {
        const row = await findAppointment(tx, id);
        const [loaded] = await loadAppointments(tx, [row]);
        return { uid: row.uid, title: row.title, ics: toICalendar(await seriesOfAll(tx, [loaded])) };
      }),

    holidays: (actor: Actor, year: number, lang: 'de' | 'en') =>
      inTenant(db, actor, async (tx) => {
        const workspace = await tx
          .selectFrom('workspaces')
          .select('holiday_region')
          .where('id', '=', actor.workspaceId)
          .executeTakeFirstOrThrow();
        return { region: workspace.holiday_region, data: holidaysOf(workspace.holiday_region, year, lang) };
      }),

    settings: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        const workspace = await tx
          .selectFrom('workspaces')
          .select('holiday_region')
          .where('id', '=', actor.workspaceId)
          .executeTakeFirstOrThrow();
        return { holidayRegion: workspace.holiday_region };
      }),

    changeSettings: (actor: Actor, input: { holidayRegion: string }) =>
      inTenant(db, actor, async (tx) => {
        if (!isHolidayRegion(input.holidayRegion)) {
          throw invalid([
            { path: 'holidayRegion', code: 'invalid', message: 'no holiday calendar is known for this region' },
          ]);
        }
        await tx
          .updateTable('workspaces')
          .set({ holiday_region: input.holidayRegion })
          .where('id', '=', actor.workspaceId)
          .execute();
        return { holidayRegion: input.holidayRegion };
      }),
  };
}

export type AppointmentService = ReturnType<typeof appointmentService>;
