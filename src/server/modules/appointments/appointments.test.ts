import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { mailboxSettings, rawMessage, startMailServers, type MailServers } from '../../testing/mail.ts';
import { syncMailbox } from '../emails/emails.sync.ts';
import { parseEmail } from '../emails/emails.parse.ts';
import { fromICalendar, toICalendar } from './appointments.ical.ts';
import { markDueAppointmentReminders } from './appointments.reminders.ts';

let h: Harness;
let mail: MailServers;
let admin: Client;
let agent: Client;
let otherAgent: Client;
let viewer: Client;
let stranger: Client;
let contactId: string;
let mailboxId: string;
const annaAddress = 'anna.berger@berger-beratung.example';
const customer = 'jonas.weber@weber-bau.example';

async function created(client: Client, path: string, body: unknown) {
  const res = await client.post(path, body);
  assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const meeting = (extra: Record<string, unknown> = {}) => ({
  title: 'Baubesprechung Lagerhalle',
  startsAt: '2026-03-10T09:00:00Z',
  endsAt: '2026-03-10T10:30:00Z',
  location: 'Weber Bau GmbH, Industriestraße 4, Augsburg',
  ...extra,
});

before(async () => {
  [h, mail] = await Promise.all([harness(), startMailServers()]);
  await mail.addUser(annaAddress, 'geheim-anna');
  await mail.append(annaAddress, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  admin = await h.workspace('Berger Beratung');
  agent = await h.member(admin, 'agent');
  otherAgent = await h.member(admin, 'agent');
  viewer = await h.member(admin, 'viewer');
  stranger = await h.workspace('Andere Firma');
  contactId = (
    await created(agent, '/api/v1/contacts', {
      firstName: 'Jonas',
      lastName: 'Weber',
      emails: [{ email: customer }],
    })
  ).id;
  mailboxId = (
    await created(agent, '/api/v1/mailboxes', {
      name: 'Anna',
      ...mailboxSettings(mail, annaAddress, 'geheim-anna'),
      syncSince: '2026-01-01',
    })
  ).id;
});
after(async () => {
  await h?.close();
  await mail?.stop();
});

describe('appointments', () => {
  test('an appointment with a contact is on the calendar and on the contact’s timeline', async () => {
    const appointment = await created(agent, '/api/v1/appointments', meeting({ attendees: [{ contactId }] }));
    assert.equal(appointment.timeZone, 'Europe/Berlin');
    assert.equal(appointment.ownerId, agent.userId);
    assert.deepEqual(
      appointment.attendees.map((a: { email: string; status: string }) => [a.email, a.status]),
      [[customer, 'needs-action']],
    );
    assert.deepEqual(appointment.contactIds, [contactId]);
    const calendar = await agent.get('/api/v1/calendar?from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z');
    assert.equal(calendar.status, 200, JSON.stringify(calendar.body));
    const entry = calendar.body.data.find((e: { appointmentId: string }) => e.appointmentId === appointment.id);
    assert.equal(entry.title, 'Baubesprechung Lagerhalle');
    assert.deepEqual(entry.contacts, [{ id: contactId, name: 'Jonas Weber' }]);
    const timeline = await agent.get(`/api/v1/contacts/${contactId}/timeline`);
    const item = timeline.body.data.find((e: { appointmentId?: string }) => e.appointmentId === appointment.id);
    assert.ok(item, JSON.stringify(timeline.body.data));
    assert.equal(item.type, 'meeting');
    assert.equal(item.durationMinutes, 90);

    // Moved: the timeline moves with it; deleted: it leaves the timeline.
    const moved = await agent.patch(
      `/api/v1/appointments/${appointment.id}`,
      { startsAt: '2026-03-11T09:00:00Z', endsAt: '2026-03-11T10:00:00Z' },
      { 'if-match': `"${appointment.version}"` },
    );
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const activity = await agent.get(`/api/v1/activities/${appointment.activityId}`);
    assert.equal(activity.body.occurredAt, '2026-03-11T09:00:00.000Z');
    const stale = await agent.patch(
      `/api/v1/appointments/${appointment.id}`,
      { title: 'Alt' },
      { 'if-match': `"${appointment.version}"` },
    );
    assert.equal(stale.status, 412);
    assert.equal((await agent.delete(`/api/v1/appointments/${appointment.id}`)).status, 204);
    assert.equal((await agent.get(`/api/v1/appointments/${appointment.id}`)).status, 404);
    const after = await agent.get(`/api/v1/contacts/${contactId}/timeline`);
    assert.ok(!after.body.data.some((e: { appointmentId?: string }) => e.appointmentId === appointment.id));
  });

  test('a weekly series keeps its local time across the change to summer time', async () => {
    const series = await created(
      agent,
      '/api/v1/appointments',
      meeting({
        title: 'Jour fixe',
        startsAt: '2026-03-16T09:00:00Z',
        endsAt: '2026-03-16T09:30:00Z',
        rrule: 'FREQ=WEEKLY;COUNT=4',
      }),
    );
    assert.equal(series.rrule, 'FREQ=WEEKLY;COUNT=4');
    const calendar = await agent.get('/api/v1/calendar?from=2026-03-01T00:00:00Z&to=2026-04-30T00:00:00Z');
    const starts = calendar.body.data
      .filter((e: { appointmentId: string }) => e.appointmentId === series.id)
      .map((e: { startsAt: string }) => e.startsAt);
    // 10:00 in Berlin: 09:00 UTC in winter, 08:00 UTC from 29 March.
    assert.deepEqual(starts, [
      '2026-03-16T09:00:00.000Z',
      '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-04-06T08:00:00.000Z',
    ]);

    // One occurrence moved, another cancelled.
    const moved = await agent.patch(`/api/v1/appointments/${series.id}/occurrences/2026-03-23T09:00:00.000Z`, {
      startsAt: '2026-03-24T13:00:00Z',
      endsAt: '2026-03-24T13:30:00Z',
      title: 'Jour fixe (verschoben)',
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const cancelled = await agent.patch(`/api/v1/appointments/${series.id}/occurrences/2026-04-06T08:00:00.000Z`, {
      cancelled: true,
    });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    const noSuch = await agent.patch(`/api/v1/appointments/${series.id}/occurrences/2026-04-07T08:00:00.000Z`, {
      cancelled: true,
    });
    assert.equal(noSuch.status, 422);
    const again = await agent.get('/api/v1/calendar?from=2026-03-01T00:00:00Z&to=2026-04-30T00:00:00Z');
    const entries = again.body.data.filter((e: { appointmentId: string }) => e.appointmentId === series.id);
    assert.deepEqual(
      entries.map((e: { startsAt: string; title: string; changed: boolean }) => [e.startsAt, e.title, e.changed]),
      [
        ['2026-03-16T09:00:00.000Z', 'Jour fixe', false],
        ['2026-03-24T13:00:00.000Z', 'Jour fixe (verschoben)', true],
        ['2026-03-30T08:00:00.000Z', 'Jour fixe', false],
      ],
    );

    // The .ics download carries the series, the moved occurrence and the cancelled one, and reads back the same.
    const file = await agent.get(`/api/v1/appointments/${series.id}/ics`);
    assert.equal(file.status, 200);
    assert.match(String(file.headers['content-type']), /text\/calendar/);
    const ics = typeof file.body === 'string' ? file.body : String(file.body);
    assert.match(ics, /RRULE:FREQ=WEEKLY;COUNT=4/);
    assert.match(ics, /RECURRENCE-ID;TZID=Europe\/Berlin:20260323T100000/);
    assert.match(ics, /EXDATE;TZID=Europe\/Berlin:20260406T100000/);
    assert.match(ics, /BEGIN:VTIMEZONE/);
    const back = fromICalendar(ics).series;
    assert.equal(back.uid, series.uid);
    assert.equal(back.overrides.length, 1);
    assert.equal(back.overrides[0].startsAt.toISOString(), '2026-03-24T13:00:00.000Z');
    assert.deepEqual(
      back.exdates.map((d) => d.toISOString()),
      ['2026-04-06T08:00:00.000Z'],
    );
  });

  test('an all-day appointment covers whole days in its time zone', async () => {
    const offsite = await created(
      agent,
      '/api/v1/appointments',
      meeting({
        title: 'Messe BAU München',
        allDay: true,
        startsAt: '2026-04-13T10:00:00Z',
        endsAt: '2026-04-15T10:00:00Z',
      }),
    );
    assert.equal(offsite.startsAt, '2026-04-12T22:00:00.000Z');
    assert.equal(offsite.endsAt, '2026-04-14T22:00:00.000Z');
    const ics = (await agent.get(`/api/v1/appointments/${offsite.id}/ics`)).body as string;
    assert.match(ics, /DTSTART;VALUE=DATE:20260413/);
    assert.match(ics, /DTEND;VALUE=DATE:20260416/);
  });

  test('bad input: a clear 4xx, nothing stored', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [meeting({ timeZone: 'Mars/Olympus_Mons' }), 400, 'validation'],
      [meeting({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }), 422, 'invalid_recurrence'],
      [meeting({ rrule: 'FREQ=SECONDLY' }), 422, 'invalid_recurrence'],
      [meeting({ rrule: 'FREQ=DAILY;COUNT=999999' }), 422, 'invalid_recurrence'],
      [meeting({ rrule: 'NONSENSE' }), 422, 'invalid_recurrence'],
      [meeting({ endsAt: '2026-03-10T08:00:00Z' }), 422, 'invalid'],
      [meeting({ attendees: [{ contactId: '0190c0de-0000-7000-8000-000000000000' }] }), 422, 'invalid'],
      [meeting({ attendees: [{ email: 'a@b.example', contactId }] }), 400, 'validation'],
    ];
    const before = await agent.get('/api/v1/calendar?from=2026-03-01T00:00:00Z&to=2026-04-30T00:00:00Z');
    for (const [body, status, code] of cases) {
      const res = await agent.post('/api/v1/appointments', body);
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, code, JSON.stringify(res.body));
    }
    const tooLong = await agent.get('/api/v1/calendar?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z');
    assert.equal(tooLong.status, 400);
    const afterwards = await agent.get('/api/v1/calendar?from=2026-03-01T00:00:00Z&to=2026-04-30T00:00:00Z');
    assert.equal(afterwards.body.data.length, before.body.data.length);
  });

  test('who may: viewers read, organisers and attending users change, other workspaces see nothing', async () => {
    const own = await created(
      agent,
      '/api/v1/appointments',
      meeting({ title: 'Vertriebsrunde', attendees: [{ userId: viewer.userId }] }),
    );
    assert.equal((await viewer.post('/api/v1/appointments', meeting())).status, 403);
    assert.equal((await viewer.get(`/api/v1/appointments/${own.id}`)).status, 200);
    assert.equal((await otherAgent.patch(`/api/v1/appointments/${own.id}`, { title: 'Fremd' })).status, 403);
    assert.equal(
      (await admin.patch(`/api/v1/appointments/${own.id}`, { title: 'Vertriebsrunde (Chefin)' })).status,
      200,
    );
    assert.equal((await stranger.get(`/api/v1/appointments/${own.id}`)).status, 404);
    const theirs = await stranger.get(
      `/api/v1/calendar?from=2026-03-01T00:00:00Z&to=2026-04-30T00:00:00Z&userIds=${agent.userId}`,
    );
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.data, []);
    // The viewer attends: it is on the viewer's own calendar.
    const viewers = await viewer.get('/api/v1/calendar?from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z');
    assert.ok(viewers.body.data.some((e: { appointmentId: string }) => e.appointmentId === own.id));
  });

  test('the personal feed: secret, public to calendar clients, revocable', async () => {
    assert.deepEqual((await agent.get('/api/v1/calendar/feed')).body, { url: null, active: false, createdAt: null });
    const made = await agent.post('/api/v1/calendar/feed');
    assert.equal(made.status, 201);
    const path = new URL(made.body.url).pathname;
    const feed = await h.raw({ method: 'GET', url: path });
    assert.equal(feed.statusCode, 200, feed.body);
    assert.match(feed.headers['content-type'] as string, /text\/calendar/);
    assert.match(feed.body, /X-WR-CALNAME:Farley/);
    assert.match(feed.body, /SUMMARY:Jour fixe/);
    // Another workspace's id in the address, or a changed secret: nothing.
    const forged = path.replace(/\.[A-Za-z0-9_-]{43}\.ics$/, `.${'A'.repeat(43)}.ics`);
    assert.equal((await h.raw({ method: 'GET', url: forged })).statusCode, 404);
    const renewed = await agent.post('/api/v1/calendar/feed');
    assert.equal((await h.raw({ method: 'GET', url: path })).statusCode, 404, 'the old address stops working');
    assert.equal((await agent.delete('/api/v1/calendar/feed')).status, 204);
    assert.equal((await h.raw({ method: 'GET', url: new URL(renewed.body.url).pathname })).statusCode, 404);
  });

  test('public holidays of the workspace’s state; only admins change the state', async () => {
    assert.equal((await agent.patch('/api/v1/calendar/settings', { holidayRegion: 'DE-BY' })).status, 403);
    assert.equal((await admin.patch('/api/v1/calendar/settings', { holidayRegion: 'DE-XX' })).status, 422);
    assert.equal((await admin.patch('/api/v1/calendar/settings', { holidayRegion: 'DE-BY' })).status, 200);
    const bavaria = await agent.get('/api/v1/calendar/holidays?year=2026&lang=de');
    assert.equal(bavaria.body.region, 'DE-BY');
    const names = bavaria.body.data.map((d: { date: string; name: string }) => `${d.date} ${d.name}`);
    assert.ok(names.includes('2026-01-06 Heilige Drei Könige'), names.join(', '));
    assert.ok(names.includes('2026-06-04 Fronleichnam'), names.join(', '));
    await admin.patch('/api/v1/calendar/settings', { holidayRegion: 'DE-HH' });
    const hamburg = await agent.get('/api/v1/calendar/holidays?year=2026&lang=en');
    assert.ok(!hamburg.body.data.some((d: { date: string }) => d.date === '2026-01-06'));
    assert.ok(hamburg.body.data.some((d: { name: string }) => d.name === 'Reformation Day'));
  });

  test('invitations go out as iCalendar, the answer by IMAP sets the status, changes and cancellations follow', async () => {
    const appointment = await created(
      agent,
      '/api/v1/appointments',
      meeting({
        title: 'Abnahme Halle 2',
        startsAt: '2026-05-05T08:00:00Z',
        endsAt: '2026-05-05T09:00:00Z',
        attendees: [{ contactId }],
      }),
    );
    assert.equal(
      (await otherAgent.post(`/api/v1/appointments/${appointment.id}/invitations`)).status,
      403,
      'not the organiser',
    );
    const theirs = await created(otherAgent, '/api/v1/appointments', meeting({ attendees: [{ contactId }] }));
    const refused = await otherAgent.post(`/api/v1/appointments/${theirs.id}/invitations`);
    assert.equal(refused.status, 422, 'no mailbox of their own');
    assert.equal(refused.body.code, 'no_mailbox');
    const sent = await agent.post(`/api/v1/appointments/${appointment.id}/invitations`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(sent.body, { sent: 1 });
    const invitation = await mail.waitForMessage((m) => m.to.includes(customer) && m.raw.includes('Abnahme Halle 2'));
    const raw = invitation.raw.toString('utf8');
    assert.match(raw, /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const calendarPart = (await parseEmail(invitation.raw)).attachments.find((p) => p.contentType === 'text/calendar');
    assert.ok(calendarPart, 'the invitation has a text/calendar part');
    const parsed = fromICalendar(calendarPart.content.toString('utf8'));
    assert.equal(parsed.method, 'REQUEST');
    assert.equal(parsed.series.uid, appointment.uid);
    assert.equal(parsed.series.organizer?.email, annaAddress);

    // Jonas accepts in his mail program: the reply arrives in Anna's inbox.
    const reply = toICalendar(
      [{ ...parsed.series, attendees: [{ email: customer, name: 'Jonas Weber', status: 'accepted' }] }],
      { method: 'REPLY' },
    );
    await mail.append(
      annaAddress,
      'INBOX',
      rawMessage(
        {
          From: `Jonas Weber <${customer}>`,
          To: annaAddress,
          Subject: 'Angenommen: Abnahme Halle 2',
          'Message-ID': '<reply-abnahme@weber-bau.example>',
          Date: new Date().toUTCString(),
          'MIME-Version': '1.0',
          'Content-Type': 'text/calendar; charset=utf-8; method=REPLY',
        },
        reply,
      ),
    );
    await syncMailbox(h.ctx, agent.workspaceId, mailboxId);
    const answered = await agent.get(`/api/v1/appointments/${appointment.id}`);
    assert.equal(answered.body.attendees[0].status, 'accepted');
    assert.ok(answered.body.invitedAt);

    // A change goes out as an update with a higher SEQUENCE; deleting sends a cancellation.
    const before = mail.received.length;
    const moved = await agent.patch(`/api/v1/appointments/${appointment.id}`, {
      startsAt: '2026-05-05T12:00:00Z',
      endsAt: '2026-05-05T13:00:00Z',
    });
    assert.equal(moved.body.sequence, 1);
    const update = await mail.waitForMessage(
      (m) => mail.received.indexOf(m) >= before && m.raw.includes('Aktualisierte Einladung'),
    );
    assert.match(update.raw.toString('utf8'), /SEQUENCE:1/);
    assert.equal((await agent.delete(`/api/v1/appointments/${appointment.id}`)).status, 204);
    const cancel = await mail.waitForMessage((m) => m.raw.includes('method=CANCEL'));
    assert.match(cancel.raw.toString('utf8'), /STATUS:CANCELLED/);
  });
});

describe('reminders', () => {
  test('the organiser and attending colleagues get a notification once, when the first reminder has come', async () => {
    // iCalendar counts in whole seconds.
    const soon = new Date(Math.floor((Date.now() + 10 * 60_000) / 1000) * 1000);
    const single = await created(
      agent,
      '/api/v1/appointments',
      meeting({
        title: 'Rückruf Weber',
        startsAt: soon.toISOString(),
        endsAt: new Date(soon.getTime() + 30 * 60_000).toISOString(),
        reminders: [15],
        attendees: [{ userId: viewer.userId }],
      }),
    );
    const weekAgo = new Date(soon.getTime() - 7 * 86_400_000);
    const series = await created(
      otherAgent,
      '/api/v1/appointments',
      meeting({
        title: 'Wochenplanung',
        startsAt: weekAgo.toISOString(),
        endsAt: new Date(weekAgo.getTime() + 30 * 60_000).toISOString(),
        timeZone: 'UTC',
        rrule: 'FREQ=WEEKLY',
        reminders: [5, 30],
      }),
    );
    await created(
      agent,
      '/api/v1/appointments',
      meeting({
        title: 'Später',
        startsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 4 * 3600_000).toISOString(),
        reminders: [15],
      }),
    );
    assert.ok((await markDueAppointmentReminders(h.ctx)) >= 3);
    assert.equal(await markDueAppointmentReminders(h.ctx), 0, 'once per occurrence');
    const reminders = async (client: Client) =>
      (await client.get('/api/v1/notifications')).body.data.filter(
        (n: { kind: string }) => n.kind === 'appointment_reminder',
      );
    const mine = await reminders(agent);
    assert.deepEqual(
      mine.map((n: { title: string; appointmentId: string; startsAt: string }) => [
        n.title,
        n.appointmentId,
        n.startsAt,
      ]),
      [['Rückruf Weber', single.id, single.startsAt]],
    );
    assert.equal((await reminders(viewer)).length, 1);
    const theirs = await reminders(otherAgent);
    assert.equal(theirs[0].appointmentId, series.id);
    assert.equal(theirs[0].startsAt, soon.toISOString(), 'the occurrence of this week');
  });
});

describe('iCalendar from clients', () => {
  const event = (lines: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//DE', ...lines, 'END:VCALENDAR'].join('\r\n');
  const vevent = (uid: string, extra: string[] = []) => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260301T120000Z',
    'DTSTART;TZID=Europe/Berlin:20260310T100000',
    'DTEND;TZID=Europe/Berlin:20260310T110000',
    'SUMMARY:Test',
    ...extra,
    'END:VEVENT',
  ];

  test('refuses what it cannot keep, with a reason', () => {
    const refused: Array<[string, RegExp]> = [
      ['Hallo', /BEGIN:VCALENDAR/],
      [event(['BEGIN:VTODO', 'UID:x', 'END:VTODO']), /no VEVENT/],
      [event([...vevent('a'), ...vevent('b')]), /share one UID/],
      [event(vevent('a', ['RRULE:FREQ=HOURLY'])), /FREQ must be/],
      [event(['BEGIN:VEVENT', 'UID:z', 'DTSTART;TZID=Atlantis/Mitte:20260310T100000', 'END:VEVENT']), /not known/],
      [event(Array.from({ length: 1001 }, () => vevent('many')).flat()), /at most 1000/],
      [
        event(['BEGIN:VEVENT', 'UID:y', 'DTSTART:20260310T100000Z', 'DTEND:20260309T100000Z', 'END:VEVENT']),
        /ends before/,
      ],
      ['BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:broken', /./],
    ];
    for (const [source, message] of refused) {
      assert.throws(
        () => fromICalendar(source),
        (error: Error & { code?: string }) => {
          assert.match(error.message, message);
          assert.ok(
            ['invalid_icalendar', 'invalid_recurrence', 'unknown_time_zone'].includes(String(error.code)),
            error.message,
          );
          return true;
        },
      );
    }
  });

  test('reads Outlook’s Windows zone names and floating times', () => {
    const outlook = fromICalendar(
      event([
        'BEGIN:VEVENT',
        'UID:outlook-1',
        'DTSTART;TZID=W. Europe Standard Time:20260710T140000',
        'DTEND;TZID=W. Europe Standard Time:20260710T150000',
        'SUMMARY:Telefonat',
        'END:VEVENT',
      ]),
    ).series;
    assert.equal(outlook.timeZone, 'Europe/Berlin');
    assert.equal(outlook.startsAt.toISOString(), '2026-07-10T12:00:00.000Z');
    const floating = fromICalendar(
      event(['BEGIN:VEVENT', 'UID:f', 'DTSTART:20260110T090000', 'DURATION:PT45M', 'END:VEVENT']),
    ).series;
    assert.equal(floating.startsAt.toISOString(), '2026-01-10T08:00:00.000Z');
    assert.equal(floating.endsAt.toISOString(), '2026-01-10T08:45:00.000Z');
    assert.equal(floating.title, '(ohne Titel)');
  });
});
