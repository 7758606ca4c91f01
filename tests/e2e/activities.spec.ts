// The activities page: the workspace's contact history newest first, filtered by type, and
// usable on a phone. Activities are seeded through the API with unique subjects, so the
// assertions hold whatever other tests create meanwhile.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, signIn, credentials, expectNoSidewaysScroll } from './fixtures.ts';

async function seedActivities(request: APIRequestContext, tag: string) {
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  expect(login.ok()).toBe(true);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const occurredAt = new Date().toISOString();
  const call = await request.post('/api/v1/activities', {
    headers,
    data: {
      type: 'call',
      direction: 'outbound',
      subject: `Anruf ${tag}`,
      occurredAt,
      durationMinutes: 15,
      outcome: 'not_reached',
    },
  });
  expect(call.status(), await call.text()).toBe(201);
  const meeting = await request.post('/api/v1/activities', {
    headers,
    data: { type: 'meeting', direction: 'internal', subject: `Termin ${tag}`, occurredAt },
  });
  expect(meeting.status(), await meeting.text()).toBe(201);
  return { call: `Anruf ${tag}`, meeting: `Termin ${tag}`, callId: ((await call.json()) as { id: string }).id };
}

const uniqueTag = () => `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;

test('the activities page lists seeded activities and filters them by type', async ({ page, request }) => {
  const subjects = await seedActivities(request, uniqueTag());
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Activities' }).click();
  await expect(page).toHaveURL(/\/activities$/);
  await expect(page.getByRole('heading', { name: 'Activities' })).toBeVisible();

  const list = page.getByTestId('activities-list');
  const callRow = list.getByTestId('activity-row').filter({ hasText: subjects.call });
  const meetingRow = list.getByTestId('activity-row').filter({ hasText: subjects.meeting });
  await expect(callRow).toBeVisible();
  await expect(callRow).toContainText('Call');
  await expect(callRow).toContainText('Outbound');
  await expect(callRow.getByTestId('activity-duration')).toContainText('15');
  // The outcome's stable key, in the user's language.
  await expect(callRow.getByTestId('activity-outcome')).toHaveText('Not reached');
  await expect(meetingRow).toBeVisible();
  await expect(meetingRow).toContainText('Meeting');

  // Only meetings: the call disappears, every row shown is a meeting.
  await page.getByTestId('activities-filter-type').click();
  await page.getByRole('option', { name: 'Meeting', exact: true }).click();
  await expect(meetingRow).toBeVisible();
  await expect(callRow).toHaveCount(0);
  const types = await list
    .getByTestId('activity-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-type')));
  expect(new Set(types)).toEqual(new Set(['meeting']));
});

test('the activities page fits a phone screen', async ({ page, request }) => {
  const subjects = await seedActivities(request, uniqueTag());
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, '/activities');
  await expect(page.getByTestId('activity-row').filter({ hasText: subjects.call })).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('the activities page offers to log an activity, and a row opens its edit form', async ({ page }) => {
  await signIn(page, '/activities');
  await page.getByTestId('new-activity').click();
  await expect(page).toHaveURL(/\/activities\/new$/);
  await page.goto('/activities');
  await page.getByTestId('activity-edit').first().click();
  await expect(page).toHaveURL(/\/activities\/[0-9a-f-]{36}\/edit$/);
});

test("a call's outcome is chosen from the translated list in its edit form", async ({ page, request }) => {
  const { callId } = await seedActivities(request, uniqueTag());
  await signIn(page, `/activities/${callId}/edit`);
  const outcome = page.getByRole('combobox', { name: 'Outcome' });
  await expect(outcome).toHaveValue('Not reached');
  await outcome.click();
  await page.getByRole('option', { name: 'Reached', exact: true }).click();
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/activities/${callId}`),
  );
  await page.getByRole('button', { name: 'Save changes' }).click();
  expect((await saved).request().postDataJSON()).toEqual({ outcome: 'reached' });
});
