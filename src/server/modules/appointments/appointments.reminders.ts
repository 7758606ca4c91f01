// Reminders of appointments: when the first reminder of an occurrence has come (15 minutes
// before, unless the appointment says otherwise), the organiser and every colleague attending
// get a notification (the bell in the web app), once per occurrence. Runs as a job every
// minute; a reminder missed while Farley was down is still given if its appointment has not
// started yet.
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { newId } from '../../platform/db/records.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { localOf } from '../../platform/zonedTime.ts';
import { loadAppointments } from './appointments.service.ts';
import { occurrencesBetween, parseRule } from './appointments.time.ts';

/** The earliest reminder Farley gives: four weeks, as the API allows. */
const horizonMs = 40_320 * 60_000;

/** Appointments with a reminder that may come before `horizon`: not yet started, or a series still running. */
function mayBeDue(eb: ExpressionBuilder<Database, 'appointments'>, now: Date, horizon: Date) {
  return eb.and([
    eb('deleted_at', 'is', null),
    eb('status', '<>', 'cancelled'),
    sql<boolean>`cardinality(reminders) > 0`,
    eb('starts_at', '<=', horizon),
    eb.or([
      eb('starts_at', '>', now),
      eb('rrule', 'is not', null).and(eb.or([eb('repeats_until', 'is', null), eb('repeats_until', '>', now)])),
    ]),
  ]);
}

export async function markDueAppointmentReminders(ctx: AppContext, now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + horizonMs);
  // Which workspaces have appointments that may be due: across workspaces through the owner
  // connection, reading nothing but the workspace id; each is handled in its own transaction.
  const workspaces = await acrossWorkspaces(ctx.db.owner, (tx) =>
    tx
      .selectFrom('appointments')
      .select('workspace_id')
      .distinct()
      .where((eb) => mayBeDue(eb, now, horizon))
      .execute(),
  );
  let made = 0;
  for (const { workspace_id: workspaceId } of workspaces) {
    made += await inTenant(ctx.db.app, { workspaceId }, async (tx) => {
      const rows = await tx
        .selectFrom('appointments')
        .selectAll()
        .where((eb) => mayBeDue(eb, now, horizon))
        .limit(10_000)
        .execute();
      const notifications = [];
      for (const { row, attendees, overrides } of await loadAppointments(tx, rows)) {
        const lead = Math.max(...row.reminders) * 60_000;
        const duration = row.ends_at.getTime() - row.starts_at.getTime();
        const starts = row.rrule
          ? occurrencesBetween(
              parseRule(row.rrule, localOf(row.starts_at, row.time_zone)),
              row.starts_at,
              row.time_zone,
              duration,
              now,
              new Date(now.getTime() + lead + 1),
              50,
            )
          : [row.starts_at];
        const moved = new Map(overrides.map((o) => [o.recurrence_id.getTime(), o]));
        const excluded = new Set(row.exdates.map((d) => d.getTime()));
        for (const original of starts) {
          const override = moved.get(original.getTime());
          if (override?.cancelled || excluded.has(original.getTime())) continue;
          const start = override?.starts_at ?? original;
          // Due once the earliest reminder has come, and only before the start.
          if (start.getTime() <= now.getTime() || start.getTime() - lead > now.getTime()) continue;
          const users = new Set([
            row.owner_id,
            ...attendees.flatMap((a) => (a.user_id && a.status !== 'declined' ? [a.user_id] : [])),
          ]);
          for (const userId of users) {
            notifications.push({
              workspace_id: workspaceId,
              id: newId(),
              user_id: userId,
              kind: 'appointment_reminder' as const,
              task_id: null,
              appointment_id: row.id,
              starts_at: start,
              title: override?.title ?? row.title,
            });
          }
        }
      }
      if (notifications.length === 0) return 0;
      const inserted = await tx
        .insertInto('notifications')
        .values(notifications)
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', 'user_id', 'appointment_id', 'starts_at'])
            .where('appointment_id', 'is not', null)
            .doNothing(),
        )
        .returning('id')
        .execute();
      return inserted.length;
    });
  }
  return made;
}
