// The calendar with a real client: Debian's vdirsyncer syncing a local folder of .ics files
// with Farley both ways, a recurring event with one changed occurrence (RECURRENCE-ID) among
// them; and what a client may send wrong (broken iCalendar, stale etags, 10,000 events),
// answered with 4xx and nothing lost.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { appPassword, davRequest, listening, vdirsyncer, type DavLogin, type Vdirsyncer } from '../../testing/dav.ts';

let h: Harness;
let base: string;
let anna: Client;
let login: DavLogin;
let client: Vdirsyncer;
const calendarPath = () => `/dav/calendars/${anna.userId}/appointments/`;

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Farley tests//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const vevent = (lines: string[]) => ['BEGIN:VEVENT', 'DTSTAMP:20261201T080000Z', ...lines, 'END:VEVENT'].join('\r\n');

async function sync() {
  const result = await client.sync();
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  return result;
}

async function localFiles(): Promise<Map<string, string>> {
  const dir = client.local('calendar');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ics'));
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')] as const)));
}

async function entries(from: string, to: string) {
  const res = await anna.get(`/api/v1/calendar?from=${from}&to=${to}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data as Array<{
    appointmentId: string;
    title: string;
    startsAt: string;
    recurrenceId: string | null;
    changed: boolean;
  }>;
}

before(async () => {
  h = await harness();
  base = await listening(h);
  anna = await h.workspace('Berger Beratung');
  login = await appPassword(anna, 'vdirsyncer');
  client = await vdirsyncer(
    [{ name: 'calendar', type: 'caldav', url: `${base}${calendarPath()}`, fileext: '.ics' }],
    login,
  );
  await mkdir(client.local('calendar'), { recursive: true });
  const discovered = await client.discover();
  assert.equal(discovered.code, 0, `${discovered.stdout}\n${discovered.stderr}`);
});
after(() => h.close());

describe('vdirsyncer and the calendar', () => {
  test('an event created in the local calendar appears in Farley after a sync', async () => {
    await writeFile(
      path.join(client.local('calendar'), 'besuch-weber@farley.test.ics'),
      ics(
        vevent([
          'UID:besuch-weber@farley.test',
          'SUMMARY:Besuch Weber Bau',
          'LOCATION:Hauptstraße 1, Berlin',
          'DTSTART;TZID=Europe/Berlin:20261210T100000',
          'DTEND;TZID=Europe/Berlin:20261210T113000',
        ]),
      ),
    );
    await sync();
    const found = (await entries('2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z')).find(
      (e) => e.title === 'Besuch Weber Bau',
    );
    assert.ok(found, 'the appointment is in Farley');
    assert.equal(found.startsAt, '2026-12-10T09:00:00.000Z');
  });

  test('a change in Farley arrives with the next sync', async () => {
    const [entry] = (await entries('2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z')).filter(
      (e) => e.title === 'Besuch Weber Bau',
    );
    const current = await anna.get(`/api/v1/appointments/${entry.appointmentId}`);
    const changed = await anna.patch(
      `/api/v1/appointments/${entry.appointmentId}`,
      { title: 'Besuch Weber Bau (verschoben)', startsAt: '2026-12-10T12:00:00Z', endsAt: '2026-12-10T13:00:00Z' },
      { 'if-match': String(current.headers.etag) },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    await sync();
    const file = [...(await localFiles()).values()].find((text) => text.includes('besuch-weber@farley.test'))!;
    assert.match(file, /SUMMARY:Besuch Weber Bau \(verschoben\)/);
  });

  test('a recurring event with one changed occurrence survives the round trip both ways', async () => {
    await writeFile(
      path.join(client.local('calendar'), 'jour-fixe@farley.test.ics'),
      ics(
        vevent([
          'UID:jour-fixe@farley.test',
          'SUMMARY:Jour fixe',
          'DTSTART;TZID=Europe/Berlin:20261207T090000',
          'DTEND;TZID=Europe/Berlin:20261207T093000',
          'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4',
        ]),
        vevent([
          'UID:jour-fixe@farley.test',
          'RECURRENCE-ID;TZID=Europe/Berlin:20261214T090000',
          'SUMMARY:Jour fixe (mit Kunde)',
          'DTSTART;TZID=Europe/Berlin:20261214T110000',
          'DTEND;TZID=Europe/Berlin:20261214T113000',
        ]),
      ),
    );
    await sync();
    const week = await entries('2026-12-07T00:00:00Z', '2027-01-05T00:00:00Z');
    const series = week.filter((e) => e.title.startsWith('Jour fixe'));
    assert.equal(series.length, 4, JSON.stringify(series));
    const moved = series.find((e) => e.title === 'Jour fixe (mit Kunde)');
    assert.ok(moved, JSON.stringify(series));
    assert.equal(moved.startsAt, '2026-12-14T10:00:00.000Z');
    // Farley changes another occurrence; the phone's side gets both overrides.
    const third = series.find((e) => e.recurrenceId?.startsWith('2026-12-21'))!;
    const patched = await anna.patch(
      `/api/v1/appointments/${third.appointmentId}/occurrences/${encodeURIComponent(third.recurrenceId!)}`,
      { title: 'Jour fixe (Weihnachten)' },
    );
    assert.ok(patched.status < 300, JSON.stringify(patched.body));
    await sync();
    const file = [...(await localFiles()).values()].find((text) => text.includes('jour-fixe@farley.test'))!;
    assert.equal(file.match(/RECURRENCE-ID/g)?.length, 2, file);
    assert.match(file, /SUMMARY:Jour fixe \(mit Kunde\)/);
    assert.match(file, /SUMMARY:Jour fixe \(Weihnachten\)/);
    assert.match(file, /RRULE:FREQ=WEEKLY;(BYDAY=MO;COUNT=4|COUNT=4;BYDAY=MO)/);
  });
});

describe('CalDAV by plain HTTP', () => {
  const put = (name: string, body: string, headers: Record<string, string> = {}) =>
    davRequest(base, login, 'PUT', `${calendarPath()}${name}`, body, { 'content-type': 'text/calendar', ...headers });

  test('If-None-Match and If-Match are honoured with 412', async () => {
    const sync = (token: string) =>
      davRequest(
        base,
        login,
        'REPORT',
        calendarPath(),
        `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
      );
    const tokenOf = (text: string) => /<d:sync-token>([^<]+)<\/d:sync-token>\s*<\/d:multistatus>/.exec(text)![1];
    const before = tokenOf((await sync('')).text);
    const body = ics(
      vevent(['UID:etag@farley.test', 'SUMMARY:Etag', 'DTSTART:20261220T100000Z', 'DTEND:20261220T110000Z']),
    );
    const created = await put('etag@farley.test.ics', body, { 'if-none-match': '*' });
    assert.equal(created.status, 201, created.text);
    const since = await sync(before);
    assert.equal(since.text.match(/<d:response>/g)?.length, 1, since.text);
    assert.ok(since.text.includes('etag%40farley.test.ics'), since.text);
    const etag = created.headers.get('etag')!;
    assert.equal((await put('etag@farley.test.ics', body, { 'if-none-match': '*' })).status, 412);
    assert.equal((await put('etag@farley.test.ics', body, { 'if-match': '"nope"' })).status, 412);
    const updated = await put('etag@farley.test.ics', body.replace('SUMMARY:Etag', 'SUMMARY:Etag 2'), {
      'if-match': etag,
    });
    assert.equal(updated.status, 204, updated.text);
    const got = await davRequest(base, login, 'GET', `${calendarPath()}etag@farley.test.ics`);
    assert.equal(got.headers.get('etag'), updated.headers.get('etag'));
    assert.match(got.text, /SUMMARY:Etag 2/);
    assert.equal(
      (
        await davRequest(base, login, 'DELETE', `${calendarPath()}etag@farley.test.ics`, undefined, {
          'if-match': etag,
        })
      ).status,
      412,
    );
    assert.equal((await davRequest(base, login, 'DELETE', `${calendarPath()}etag@farley.test.ics`)).status, 204);
    assert.equal((await davRequest(base, login, 'GET', `${calendarPath()}etag@farley.test.ics`)).status, 404);
  });

  test('a calendar-query with a time range finds the events in it and not those outside', async () => {
    const query = (start: string, end: string) =>
      davRequest(
        base,
        login,
        'REPORT',
        calendarPath(),
        `<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>
          <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
            <c:time-range start="${start}" end="${end}"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
        { depth: '1' },
      );
    const december = await query('20261210T000000Z', '20261211T000000Z');
    assert.equal(december.status, 207, december.text);
    // vdirsyncer named the objects it created itself; the data tells them apart.
    assert.match(december.text, /SUMMARY:Besuch Weber Bau/);
    const november = await query('20261101T000000Z', '20261102T000000Z');
    assert.equal(november.text.match(/<d:response>/g), null, november.text);
    const todos = await davRequest(
      base,
      login,
      'REPORT',
      calendarPath(),
      '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"/></c:comp-filter></c:filter></c:calendar-query>',
    );
    assert.equal(todos.text.match(/<d:response>/g), null, todos.text);
  });

  test('broken iCalendar, impossible rules, unknown time zones and 10,000 events get 4xx, nothing stored', async () => {
    const bad = [
      'this is no calendar',
      ics('BEGIN:VEVENT\r\nUID:half@farley.test\r\nSUMMARY:Half'),
      ics(
        vevent([
          'UID:rule@farley.test',
          'SUMMARY:R',
          'DTSTART:20261220T100000Z',
          'DTEND:20261220T110000Z',
          'RRULE:FREQ=SOMETIMES',
        ]),
      ),
      ics(
        vevent([
          'UID:zone@farley.test',
          'SUMMARY:Z',
          'DTSTART;TZID=Mars/Olympus:20261220T100000',
          'DTEND;TZID=Mars/Olympus:20261220T110000',
        ]),
      ),
    ];
    for (const [index, body] of bad.entries()) {
      const name = ['broken', 'half', 'rule', 'zone'][index];
      const res = await put(`${name}@farley.test.ics`, body);
      assert.ok(res.status >= 400 && res.status < 500, `${name}: ${res.status} ${res.text}`);
    }
    // 10,000 events of one series (each a changed occurrence), small enough for the 1 MB limit;
    // a bigger body is refused with 413 before it is read.
    const many = ics(
      'BEGIN:VEVENT\r\nUID:many\r\nDTSTART:20270101T100000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT',
      ...Array.from({ length: 9_999 }, (_, n) => {
        const at = new Date(Date.UTC(2027, 0, 1, 10 + n)).toISOString().replace(/[-:]/g, '').slice(0, 15);
        return `BEGIN:VEVENT\r\nUID:many\r\nRECURRENCE-ID:${at}Z\r\nDTSTART:${at}Z\r\nEND:VEVENT`;
      }),
    );
    assert.ok(many.length < 1024 * 1024, String(many.length));
    const flood = await put('many.ics', many);
    const huge = await put('huge@farley.test.ics', many + ' '.repeat(1024 * 1024));
    assert.equal(huge.status, 413);
    assert.ok(flood.status >= 400 && flood.status < 500, `${flood.status} ${flood.text.slice(0, 300)}`);
    const listing = await davRequest(base, login, 'PROPFIND', calendarPath(), undefined, { depth: '1' });
    for (const name of ['broken%40', 'half%40', 'rule%40', 'zone%40', 'many.ics', 'huge%40'])
      assert.ok(!listing.text.includes(name), name);
  });
});
