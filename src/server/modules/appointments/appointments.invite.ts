// Invitations by mail (iTIP, RFC 5546, over iMIP, RFC 6047): an invitation, each update and a
// cancellation go out through the organiser's own mailbox as a message with a text/calendar
// part (METHOD:REQUEST or CANCEL), which every mail program shows with its accept buttons. The
// attendees' answers (METHOD:REPLY) come back by IMAP and set each attendee's status.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError } from '../../platform/errors.ts';
import { sendEmail } from '../emails/emails.send.ts';
import { loadAppointments, seriesOfAll } from './appointments.service.ts';
import { toICalendar } from './appointments.ical.ts';

function noMailbox(): AppError {
  return new AppError(
    'invalid',
    'Invitations go out through your own mailbox; connect one under E-Mail-Konten first.',
    [{ path: 'mailbox', code: 'not_found', message: 'no mailbox of your own' }],
    undefined,
    'no_mailbox',
  );
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "Di., 10. März 2026, 10:00–11:00 (Europe/Berlin)", as German recipients read it. */
function when(startsAt: Date, endsAt: Date, zone: string, allDay: boolean): string {
  const day = new Intl.DateTimeFormat('de-DE', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  if (allDay) {
    const last = day.format(endsAt);
    const first = day.format(startsAt);
    return first === last ? `${first} (ganztägig)` : `${first} – ${last} (ganztägig)`;
  }
  const time = new Intl.DateTimeFormat('de-DE', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  return `${day.format(startsAt)}, ${time.format(startsAt)}–${time.format(endsAt)} (${zone})`;
}

const subjects = { REQUEST: 'Einladung', UPDATE: 'Aktualisierte Einladung', CANCEL: 'Abgesagt' } as const;

/**
 * Sends the appointment to its attendees (all but the organiser): REQUEST for an invitation or
 * an update, CANCEL when it was called off. Returns how many addresses it went to.
 */
export async function sendInvitations(
  ctx: AppContext,
  actor: Actor,
  appointmentId: string,
  method: 'REQUEST' | 'CANCEL' = 'REQUEST',
): Promise<number> {
  const prepared = await inTenant(ctx.db.app, actor, async (tx) => {
    const row = await tx.selectFrom('appointments').selectAll().where('id', '=', appointmentId).executeTakeFirst();
    if (!row || (row.deleted_at && method === 'REQUEST')) {
      throw new AppError('not_found', 'The appointment does not exist.');
    }
    const box = await tx
      .selectFrom('mailboxes')
      .select(['id', 'address'])
      .where('owner_id', '=', row.owner_id)
      .where('team_id', 'is', null)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    if (!box) throw noMailbox();
    const [loaded] = await loadAppointments(tx, [row]);
    const [series] = await seriesOfAll(tx, [loaded]);
    return { row, box, series, attendees: loaded.attendees };
  });
  const { row, box, series } = prepared;
  const organizer = box.address.toLowerCase();
  const to = prepared.attendees
    .filter((a) => a.email && a.email !== organizer)
    .map((a) => ({ address: a.email!, ...(a.name ? { name: a.name } : {}) }));
  if (to.length === 0) return 0;
  const organizerSeries = { ...series, organizer: { email: box.address, name: series.organizer?.name ?? null } };
  const content = toICalendar(
    [method === 'CANCEL' ? { ...organizerSeries, status: 'cancelled' as const } : organizerSeries],
    { method },
  );
  const kind = method === 'CANCEL' ? 'CANCEL' : row.invited_at ? 'UPDATE' : 'REQUEST';
  const lines = [
    `<p><strong>${escapeHtml(row.title)}</strong></p>`,
    `<p>${escapeHtml(when(row.starts_at, row.ends_at, row.time_zone, row.all_day))}</p>`,
    row.location ? `<p>Ort: ${escapeHtml(row.location)}</p>` : '',
    row.description ? `<p>${escapeHtml(row.description).replace(/\n/g, '<br>')}</p>` : '',
    method === 'CANCEL' ? '<p>Dieser Termin wurde abgesagt.</p>' : '',
  ];
  await sendEmail(
    ctx,
    actor,
    {
      mailboxId: box.id,
      to,
      cc: [],
      bcc: [],
      subject: `${subjects[kind]}: ${row.title}`,
      html: lines.join(''),
      attachments: [],
      contactIds: [],
      companyIds: [],
      dealIds: [],
      // An attendee whose processing is restricted (GDPR Art. 18) gets no invitation: refused.
      restrictionNotice: false,
    },
    { icalEvent: { method, content, filename: 'invite.ics' } },
  );
  if (method === 'REQUEST') {
    await inTenant(ctx.db.app, actor, (tx) =>
      tx
        .updateTable('appointments')
        .set({ invited_at: row.invited_at ?? new Date() })
        .where('id', '=', row.id)
        .execute(),
    );
  }
  return to.length;
}
