// The calendar: an appointment made from a free slot and from a customer's page, one moved by
// dragging, a weekly series with one occurrence changed on its own, the region's public
// holidays in the month view, and the personal feed address created and revoked. Each test
// but the holidays' works in the calendar of a user of its own, so the others' entries stay
// out of its week.
import type { APIRequestContext, Page } from '@playwright/test';
import { allowConsoleErrors, apiAs, berlin, expect, signIn, test, unique } from './fixtures.ts';

interface Entry {
  appointmentId: string;
  recurrenceId: string | null;
  title: string;
  startsAt: string;
  endsAt: string;
  changed: boolean;
}
interface Appointment {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  rrule: string | null;
  overrides: { recurrenceId: string; title: string | null; startsAt: string }[];
  attendees: { email: string | null; contactId: string | null; status: string }[];
  contactIds: string[];
  companyIds: string[];
}

test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
// Dialogs, a drag and round trips per test: more than the default budget on a busy machine.
test.describe.configure({ timeout: 120_000 });

const pad = (n: number) => String(n).padStart(2, '0');
const dayString = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** The Monday of next week (local time): a week with no holiday-free surprises from today. */
function nextMonday(): string {
  const date = new Date();
  date.setDate(date.getDate() + ((8 - date.getDay()) % 7 || 7));
  return dayString(date);
}
function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayString(new Date(y, m - 1, d + days));
}
/** A user of its own (an agent), signed in on `path`. */
async function ownUser(page: Page, request: APIRequestContext, path: string, name = 'Katrin Vogel') {
  const admin = await apiAs(request);
  const suffix = unique();
  const account = { email: `kalender-${suffix}@farley.example`, password: `passwort-${suffix}` };
  const user = await admin.post<{ id: string; name: string }>('/users', {
    ...account,
    name: `${name} ${suffix}`,
    role: 'agent',
  });
  await signIn(page, path, account);
  return { user, suffix, account };
}

async function entries(page: Page, from: string, to: string, extra = ''): Promise<Entry[]> {
  const response = await page.request.get(
    `/api/v1/calendar?from=${encodeURIComponent(berlin(from, '00:00'))}&to=${encodeURIComponent(berlin(to, '00:00'))}${extra}`,
  );
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { data: Entry[] }).data;
}

async function appointment(page: Page, id: string): Promise<Appointment> {
  const response = await page.request.get(`/api/v1/appointments/${id}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Appointment;
}

/** POSTs through the signed-in browser session (cookie + CSRF token), as the app does. */
async function apiPost<T>(page: Page, path: string, data: unknown): Promise<T> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': me.csrfToken } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

test('an appointment is made from a click on a free half hour, with an invited address', async ({
  page,
  request,
  consoleErrors,
}) => {
  const monday = nextMonday();
  const { suffix } = await ownUser(page, request, `/calendar?date=${monday}`);
  await expect(page.getByRole('heading', { name: 'Kalender', exact: true })).toBeVisible();
  // The week runs from Monday; the heading names the calendar week.
  await expect(page.getByTestId('calendar-range')).toContainText('KW');
  await expect(page.getByTestId(`day-head-${monday}`)).toContainText('Mo');

  await page.getByTestId(`slot-${addDays(monday, 1)}T10`).click({ position: { x: 20, y: 5 } });
  const form = page.getByTestId('appointment-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('appointment-start')).toHaveValue(/10:00/);
  await expect(page.getByTestId('appointment-end')).toHaveValue(/11:00/);
  await expect(page.getByTestId('appointment-time-zone')).toHaveValue('Europe/Berlin');
  const title = `Besprechung Lieferplan ${suffix}`;
  await form.getByLabel('Titel').fill(title);
  await form.getByLabel('Ort').fill('Werk Augsburg, Halle 3');
  await page.getByTestId('appointment-attendees').fill('anna.berger@example.de');
  await page.getByRole('option', { name: 'anna.berger@example.de' }).click();
  await page.getByTestId('appointment-save').click();

  await expect(page.getByTestId('appointment-saved')).toContainText(title);
  // A user without a mailbox learns why nothing went out; the appointment stays.
  await page.getByTestId('send-invitations').click();
  await expect(page.getByTestId('invitations-failed')).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 4\d\d/);
  await page.getByTestId('appointment-done').click();

  const entry = page.getByTestId('calendar-entry').filter({ hasText: title });
  await expect(entry).toContainText('10:00');
  const [stored] = (await entries(page, monday, addDays(monday, 7))).filter((e) => e.title === title);
  expect(stored?.startsAt).toBe(berlin(addDays(monday, 1), '10:00'));

  await entry.click();
  const details = page.getByTestId('appointment-details');
  await expect(details).toContainText('Werk Augsburg, Halle 3');
  await expect(details.getByTestId('appointment-attendee')).toContainText('anna.berger@example.de');
  await expect(details.getByTestId('appointment-attendee')).toContainText('Keine Antwort');
  await expect(details.getByTestId('appointment-ics')).toHaveAttribute(
    'href',
    `/api/v1/appointments/${stored!.appointmentId}/ics`,
  );
  // Edited as a whole: a new title, and it says so in the grid.
  await details.getByTestId('appointment-edit').click();
  await page.getByTestId('appointment-form').getByLabel('Titel').fill(`${title} (Halle 4)`);
  await page.getByTestId('appointment-save').click();
  await page.getByTestId('appointment-done').click();
  await expect(page.getByTestId('calendar-entry').filter({ hasText: `${title} (Halle 4)` })).toBeVisible();
  expect((await appointment(page, stored!.appointmentId)).title).toBe(`${title} (Halle 4)`);
});

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/Berlin' });

  test('the month starts on Monday and names the holidays in English', async ({ page, request }) => {
    const admin = await apiAs(request);
    const changed = await request.patch('/api/v1/calendar/settings', {
      headers: admin.headers,
      data: { holidayRegion: 'DE-BY' },
    });
    expect(changed.ok(), await changed.text()).toBe(true);
    await signIn(page, '/calendar?view=month&date=2027-01-15');
    await expect(page.getByRole('heading', { name: 'Calendar', exact: true })).toBeVisible();
    await expect(page.getByTestId('calendar-range')).toHaveText('January 2027');
    await expect(page.getByTestId('month-grid')).toContainText(/^Mon/);
    await expect(page.getByTestId('month-day-2027-01-06').getByTestId('holiday')).toHaveText('Epiphany');
  });
});

test('an appointment made on a customer’s page invites the contact and belongs to their company', async ({
  page,
  request,
}) => {
  const { suffix } = await ownUser(page, request, '/today');
  const contact = await apiPost<{ id: string }>(page, '/contacts', {
    salutation: 'Frau',
    firstName: 'Greta',
    lastName: `Hartmann ${suffix}`,
    emails: [{ email: `g.hartmann-${suffix}@example.de`, primary: true }],
  });
  const company = await apiPost<{ id: string }>(page, '/companies', { name: `Hartmann Antriebstechnik ${suffix}` });
  await apiPost(page, `/contacts/${contact.id}/affiliations`, { companyId: company.id });

  await page.goto(`/contacts/${contact.id}`);
  await page.getByTestId('new-appointment').click();
  const form = page.getByTestId('appointment-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText(`Greta Hartmann ${suffix}`);
  await expect(form).toContainText(`Hartmann Antriebstechnik ${suffix}`);
  const title = `Vor-Ort-Termin Hartmann ${suffix}`;
  await form.getByLabel('Titel').fill(title);
  await page.getByTestId('appointment-save').click();
  await expect(page.getByTestId('appointment-saved')).toContainText(title);
  await page.getByTestId('appointment-done').click();

  const today = dayString(new Date());
  const [found] = (await entries(page, today, addDays(today, 3), `&contactId=${contact.id}`)).filter(
    (e) => e.title === title,
  );
  expect(found).toBeTruthy();
  const stored = await appointment(page, found!.appointmentId);
  expect(stored.attendees.map((a) => a.contactId)).toEqual([contact.id]);
  expect(stored.companyIds).toEqual([company.id]);
  // The appointment shows on the customer's timeline as a meeting.
  // …and opens from there in the calendar, on its week.
  await page.reload();
  const meeting = page.getByTestId('timeline-entry').filter({ hasText: title });
  await expect(meeting).toHaveAttribute('data-appointment', 'true');
  await meeting.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/calendar\\?date=.*appointment=${found!.appointmentId}`));
  await expect(page.getByTestId('appointment-details').getByTestId('appointment-attendee')).toContainText(
    `Greta Hartmann ${suffix}`,
  );
  await expect(page.getByTestId('calendar-entry').filter({ hasText: title })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/appointment=/);
});

test('an appointment dragged to the next day two hours later is moved there', async ({ page, request }) => {
  const monday = nextMonday();
  const { suffix } = await ownUser(page, request, '/today');
  const title = `Quartalsgespräch ${suffix}`;
  const created = await apiPost<Appointment>(page, '/appointments', {
    title,
    startsAt: berlin(monday, '09:00'),
    endsAt: berlin(monday, '10:00'),
  });
  await page.goto(`/calendar?date=${monday}`);
  const entry = page.getByTestId('calendar-entry').filter({ hasText: title });
  await expect(entry).toBeVisible();
  const from = (await entry.boundingBox())!;
  const target = (await page.getByTestId(`slot-${addDays(monday, 1)}T11`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 6);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + 6, { steps: 12 });
  await page.mouse.up();

  await expect
    .poll(async () => (await appointment(page, created.id)).startsAt)
    .toBe(berlin(addDays(monday, 1), '11:00'));
  expect((await appointment(page, created.id)).endsAt).toBe(berlin(addDays(monday, 1), '12:00'));
  await expect(page.getByTestId(`slot-${addDays(monday, 1)}T11`).locator('xpath=..')).toContainText(title);

  // In the month view it goes to another day at the same time.
  await page.getByText('Monat', { exact: true }).click();
  const inMonth = page.getByTestId(`month-day-${addDays(monday, 1)}`).getByTestId('calendar-entry');
  await expect(inMonth).toContainText(title);
  const cell = (await inMonth.boundingBox())!;
  const friday = (await page.getByTestId(`month-day-${addDays(monday, 4)}`).boundingBox())!;
  await page.mouse.move(cell.x + cell.width / 2, cell.y + cell.height / 2);
  await page.mouse.down();
  await page.mouse.move(friday.x + friday.width / 2, friday.y + friday.height - 10, { steps: 12 });
  await page.mouse.up();
  await expect
    .poll(async () => (await appointment(page, created.id)).startsAt)
    .toBe(berlin(addDays(monday, 4), '11:00'));
  await expect(page.getByTestId(`month-day-${addDays(monday, 4)}`)).toContainText(title);
});

test('a weekly series made in the form keeps its other dates when one is moved on its own', async ({
  page,
  request,
}) => {
  const monday = nextMonday();
  const { suffix } = await ownUser(page, request, `/calendar?date=${monday}`);
  const title = `Jour fixe Vertrieb ${suffix}`;
  await page.getByTestId(`slot-${monday}T14`).click({ position: { x: 20, y: 5 } });
  const form = page.getByTestId('appointment-form');
  await form.getByLabel('Titel').fill(title);
  await page.getByTestId('appointment-repeat').click();
  await page.getByRole('option', { name: 'Wöchentlich', exact: true }).click();
  await page.getByTestId('appointment-weekdays').getByText(/^Mo/).click();
  await page.getByTestId('appointment-repeat-end').click();
  await page.getByRole('option', { name: 'Nach einer Anzahl', exact: true }).click();
  await page.getByTestId('appointment-repeat-count').fill('4');
  await page.getByTestId('appointment-save').click();
  await page.getByTestId('appointment-done').click();

  // The second week: change only this occurrence, to Wednesday 16:00 under a new title.
  await page.getByTestId('calendar-next').click();
  const second = page.getByTestId('calendar-entry').filter({ hasText: title });
  await expect(second).toHaveCount(1);
  await second.click();
  await expect(page.getByTestId('appointment-details')).toContainText('Serientermin');
  await page.getByTestId('appointment-edit').click();
  await page.getByTestId('edit-occurrence').click();
  const occurrence = page.getByTestId('occurrence-form');
  await occurrence.getByLabel('Titel').fill(`${title} (verschoben)`);
  const wednesday = addDays(monday, 9);
  await page.getByTestId('occurrence-start').fill(`${wednesday.split('-').reverse().join('.')} 16:00`);
  await page.getByTestId('occurrence-start').blur();
  await page.getByTestId('occurrence-end').fill(`${wednesday.split('-').reverse().join('.')} 17:00`);
  await page.getByTestId('occurrence-end').blur();
  await page.getByTestId('occurrence-save').click();
  await expect(occurrence).toBeHidden();

  await expect(page.getByTestId('calendar-entry').filter({ hasText: `${title} (verschoben)` })).toContainText('16:00');

  // The third week: dragged to Tuesday, asked whether the series goes along; only this one does.
  await page.getByTestId('calendar-next').click();
  const third = page.getByTestId('calendar-entry').filter({ hasText: title });
  await expect(third).toHaveCount(1);
  const from = (await third.boundingBox())!;
  const tuesday = (await page.getByTestId(`slot-${addDays(monday, 15)}T14`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 6);
  await page.mouse.down();
  await page.mouse.move(tuesday.x + tuesday.width / 2, tuesday.y + 6, { steps: 12 });
  await page.mouse.up();
  await page.getByTestId('move-only-this').click();
  await expect(page.getByTestId(`slot-${addDays(monday, 15)}T14`).locator('xpath=..')).toContainText(title);

  const all = (await entries(page, monday, addDays(monday, 35))).filter((e) => e.title.startsWith(title));
  expect(all.map((e) => [e.startsAt, e.changed])).toEqual([
    [berlin(monday, '14:00'), false],
    [berlin(wednesday, '16:00'), true],
    [berlin(addDays(monday, 15), '14:00'), true],
    [berlin(addDays(monday, 21), '14:00'), false],
  ]);
  const series = await appointment(page, all[0]!.appointmentId);
  expect(series.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=4');
  expect(series.overrides).toHaveLength(2);
});

test('the month view shows the public holidays of the region an admin picks', async ({ page }) => {
  await signIn(page, '/calendar?view=month&date=2027-01-15');
  await expect(page.getByTestId('month-grid')).toBeVisible();
  await page.getByTestId('calendar-settings').click();
  await page.getByTestId('holiday-region').click();
  await page.getByRole('option', { name: 'Bayern', exact: true }).click();
  await expect(page.getByTestId('holiday-region')).toHaveValue('Bayern');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('month-day-2027-01-01').getByTestId('holiday')).toHaveText('Neujahr');
  await expect(page.getByTestId('month-day-2027-01-06').getByTestId('holiday')).toHaveText('Heilige Drei Könige');
  await expect(page.getByTestId('month-day-2027-01-07').getByTestId('holiday')).toHaveCount(0);
});

test('the feed address is made, answers with iCalendar, and stops when revoked', async ({ page, request }) => {
  await ownUser(page, request, '/calendar');
  await page.getByTestId('calendar-subscribe').click();
  const feed = page.getByTestId('calendar-feed');
  await expect(feed.getByTestId('feed-none')).toBeVisible();
  await feed.getByTestId('feed-create').click();
  const url = await feed.getByTestId('feed-url').inputValue();
  expect(url).toMatch(/^https?:\/\//);
  const served = await request.get(url);
  expect(served.status()).toBe(200);
  expect(await served.text()).toContain('BEGIN:VCALENDAR');

  await feed.getByTestId('feed-revoke').click();
  await expect(feed.getByTestId('feed-none')).toBeVisible();
  await expect(feed.getByTestId('feed-url')).toHaveCount(0);
  expect((await request.get(url)).status()).toBeGreaterThanOrEqual(400);
});
