// SQL of appointments: the rows of a calendar range, and an appointment's attendees and
// changed occurrences.
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { personNameSql } from '../../platform/db/names.ts';

/** Live appointments; with users, those they organise or attend (none: everyone's). */
export function appointmentsOf(tx: Db, userIds: string[]) {
  const query = tx.selectFrom('appointments as a').where('a.deleted_at', 'is', null);
  if (userIds.length === 0) return query;
  return query.where((eb) =>
    eb.or([
      eb('a.owner_id', 'in', userIds),
      eb.exists(
        eb
          .selectFrom('appointment_attendees as t')
          .select(sql`1`.as('one'))
          .whereRef('t.appointment_id', '=', 'a.id')
          .where('t.user_id', 'in', userIds),
      ),
    ]),
  );
}

/**
 * Those that may overlap [from, to): single appointments by their times, series by their whole
 * span (repeats_until), so that no series is expanded to be found. Null leaves that side open.
 */
export function mayOverlap(query: ReturnType<typeof appointmentsOf>, from: Date | null, to: Date | null) {
  let out = query;
  if (to) out = out.where('a.starts_at', '<', to);
  if (from) {
    out = out.where((eb) =>
      eb.or([
        eb.and([eb('a.rrule', 'is', null), eb('a.ends_at', '>=', from)]),
        eb.and([
          eb('a.rrule', 'is not', null),
          eb.or([eb('a.repeats_until', 'is', null), eb('a.repeats_until', '>=', from)]),
        ]),
      ]),
    );
  }
  return out;
}

/** The appointment `a` has the contact as an attendee, or is linked to it (its meeting activity). */
function contactTakesPart(eb: ExpressionBuilder<Database & { a: Database['appointments'] }, 'a'>, contactId: string) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('appointment_attendees as t')
        .select(sql`1`.as('one'))
        .whereRef('t.appointment_id', '=', 'a.id')
        .where('t.contact_id', '=', contactId),
    ),
    eb.exists(
      eb
        .selectFrom('activities as v')
        .innerJoin('activity_links as l', 'l.activity_id', 'v.id')
        .select(sql`1`.as('one'))
        .whereRef('v.appointment_id', '=', 'a.id')
        .where('l.record_type', '=', 'contact')
        .where('l.record_id', '=', contactId),
    ),
  ]);
}

/** Every live appointment a contact takes part in (the access export, GDPR Art. 15), oldest first. */
export async function ofContact(tx: Db, contactId: string) {
  return tx
    .selectFrom('appointments as a')
    .where('a.deleted_at', 'is', null)
    .where((eb) => contactTakesPart(eb, contactId))
    .selectAll('a')
    .orderBy('a.starts_at')
    .execute();
}

/** Live appointments of the given users (as organiser or attending user) that may overlap [from, to). */
export async function inRange(tx: Db, userIds: string[], from: Date, to: Date, contactId?: string) {
  let query = mayOverlap(appointmentsOf(tx, userIds), from, to);
  if (contactId) query = query.where((eb) => contactTakesPart(eb, contactId));
  return query.selectAll('a').orderBy('a.starts_at').limit(20_000).execute();
}

export async function attendeesOf(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('appointment_attendees')
    .selectAll()
    .where(sql<boolean>`appointment_id = any(${ids}::uuid[])`)
    .orderBy('appointment_id')
    .orderBy('email')
    .execute();
}

export async function overridesOf(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('appointment_overrides')
    .selectAll()
    .where(sql<boolean>`appointment_id = any(${ids}::uuid[])`)
    .orderBy('appointment_id')
    .orderBy('recurrence_id')
    .execute();
}

export async function activitiesOf(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('activities')
    .select(['id', 'appointment_id'])
    .where(sql<boolean>`appointment_id = any(${ids}::uuid[])`)
    .execute();
}

/** Names of contacts, for calendar entries. */
export async function contactNames(tx: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }>`
    select id, ${personNameSql()} as name from contacts where id = any(${ids}::uuid[])`.execute(tx);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}
