// The demo's calendar: this week and the next for the sales team, so that the calendar and the
// customers' timelines have appointments to show — customer visits and calls with contacts of
// the demo, the team's weekly meeting (a series), a trade fair over two days. Made through the
// appointments service, so each has its meeting on the timeline like one made in the app.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { dayStart, isoDay, localOf } from '../../platform/zonedTime.ts';
import { appointmentService } from '../appointments/appointments.service.ts';
import type { DemoUser } from './demo.world.ts';

const zone = 'Europe/Berlin';

const visits = [
  ['Kundentermin', 'Vor Ort beim Kunden'],
  ['Angebotsbesprechung', 'Videokonferenz (Teams)'],
  ['Werksbesichtigung', 'Werk Nord, Tor 3'],
  ['Jahresgespräch', 'Besprechungsraum Elbe'],
  ['Telefonkonferenz', null],
  ['Produktvorführung', 'Showroom'],
] as const;

/** An instant on a weekday of the week of `today` (0 = Monday) at a local time in Berlin. */
function at(today: Date, weekday: number, hour: number, minute = 0): Date {
  const local = localOf(today, zone);
  const monday = new Date(Date.UTC(local.year, local.month - 1, local.day));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) + weekday);
  return new Date(
    dayStart(
      isoDay({ ...local, year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() }),
      zone,
    ).getTime() +
      (hour * 60 + minute) * 60_000,
  );
}

export async function seedDemoAppointments(ctx: AppContext, workspaceId: string, users: DemoUser[]): Promise<number> {
  const admin = { workspaceId, userId: users[0].id, role: 'admin' as const, via: 'token' as const };
  const contacts = await inTenant(
    ctx.db.app,
    admin,
    async (tx) =>
      (
        await sql<{ id: string; company: string | null }>`
        select c.id, (select co.name from affiliations a join companies co on co.id = a.company_id
                       where a.contact_id = c.id and co.deleted_at is null limit 1) as company
          from contacts c where c.deleted_at is null and cardinality(c.email_list) > 0
         order by c.id limit ${users.length * 8}`.execute(tx)
      ).rows,
  );
  const service = appointmentService(ctx);
  const today = new Date();
  let made = 0;
  await service.create(admin, {
    title: 'Vertriebsrunde',
    startsAt: at(today, -7, 9).toISOString(),
    endsAt: at(today, -7, 10).toISOString(),
    location: 'Besprechungsraum Elbe',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    attendees: users.slice(1).map((u) => ({ userId: u.id })),
  });
  made++;
  await service.create(admin, {
    title: 'Messe LogiMAT',
    allDay: true,
    startsAt: at(today, 9, 12).toISOString(),
    endsAt: at(today, 10, 12).toISOString(),
    location: 'Messe Stuttgart',
    attendees: users.slice(0, 2).map((u) => ({ userId: u.id })),
  });
  made++;
  let next = 0;
  for (const [index, user] of users.entries()) {
    const actor = { ...admin, userId: user.id, role: index === 0 ? ('admin' as const) : ('agent' as const) };
    for (let slot = 0; slot < 4; slot++) {
      const contact = contacts[next++ % Math.max(1, contacts.length)];
      const [kind, location] = visits[(index + slot) % visits.length];
      const weekday = (slot * 3 + index) % 10;
      const hour = 8 + ((slot * 5 + index * 3) % 9);
      const minutes = slot % 3 === 0 ? 90 : 60;
      const start = at(today, weekday + (weekday >= 5 ? 2 : 0), hour, slot % 2 ? 30 : 0);
      await service.create(actor, {
        title: contact?.company ? `${kind} ${contact.company}` : kind,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
        location,
        attendees: contact ? [{ contactId: contact.id }] : [],
      });
      made++;
    }
  }
  return made;
}
