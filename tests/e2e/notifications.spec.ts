// Due task reminders as in-app notifications: the bell with its unread count, a toast, and
// opening a notification. The reminder job is run with the `farley reminders` command.
import { execFileSync } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn } from './fixtures.ts';

// The walk starts the farley command twice (seconds each on a busy machine).
test.describe.configure({ mode: 'serial', timeout: 180_000 });

async function apiPost<T>(page: Page, path: string, data?: unknown): Promise<T> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': me.csrfToken } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as T;
}

/** Tasks of the signed-in user with a reminder due a minute ago, and one run of the reminder job. */
async function dueReminders(page: Page, titles: string[]) {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: { id: string } };
  for (const title of titles)
    await apiPost(page, '/tasks', {
      title,
      remindAt: new Date(Date.now() - 60_000).toISOString(),
      assigneeId: me.user.id,
    });
  const out = execFileSync(process.execPath, ['bin/farley.js', 'reminders'], {
    env: { ...process.env, DATABASE_URL: process.env.FARLEY_E2E_DATABASE_URL, FARLEY_JOBS: '0', FARLEY_DEMO: '0' },
    encoding: 'utf8',
  });
  expect(JSON.parse(out).reminded).toBeGreaterThanOrEqual(titles.length);
}

/** Whether a click in the middle of `locator` reaches it (no toast or other layer lies over it). */
async function reachable(locator: Locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return element.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
  });
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

// One walk: the reminder job is a command of its own (seconds to start), so it runs twice here,
// not once per check.
test('a due reminder shows in the bell and as a toast, opening it marks it read; mark all read; the bell by keyboard', async ({
  page,
}) => {
  await signIn(page, '/contacts');
  await apiPost(page, '/notifications/read-all');
  const bell = page.getByTestId('notification-bell');

  await test.step('a due reminder shows in the bell and as a toast, and opening it marks it read', async () => {
    const title = `Rückruf Frau Weiß ${unique()}`;
    await dueReminders(page, [title]);
    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: title })).toBeVisible();
    await expect(bell).toHaveAccessibleName(/^Notifications: 1 unread(, \d+ tasks? due)?$/);
    await bell.click();
    const item = page.getByTestId('notification-item').filter({ hasText: title });
    await expect(item).toHaveAttribute('data-unread', 'true');
    await item.click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(bell).toHaveAccessibleName(/^Notifications(: \d+ tasks? due)?$/);
    // A reload does not pop up the same reminder again.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Tasks', exact: true })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: title })).toHaveCount(0);
  });

  await test.step('mark all read clears the unread count; the bell works by keyboard', async () => {
    const titles = [`Angebot Schäfer ${unique()}`, `Vertrag Öztürk ${unique()}`];
    await dueReminders(page, titles);
    await page.reload();
    await expect(bell).toHaveAccessibleName(/^Notifications: 2 unread(, \d+ tasks? due)?$/);
    // The reminders' toasts leave the bell and its list free: when they lay over them (top
    // right), a click on "Mark all read" waited for them to go, or hit a toast instead.
    await expect(page.getByRole('alert').filter({ hasText: titles[1] })).toBeVisible();
    expect(await reachable(bell), 'a toast lies over the bell').toBe(true);
    await bell.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('notification-item')).not.toHaveCount(0);
    const markAll = page.getByRole('button', { name: 'Mark all read' });
    await expect(markAll).toBeVisible();
    expect(await reachable(markAll), 'a toast lies over "Mark all read"').toBe(true);
    await markAll.click();
    await expect(bell).toHaveAccessibleName(/^Notifications(: \d+ tasks? due)?$/);
    await expect(page.locator('[data-testid="notification-item"][data-unread="true"]')).toHaveCount(0);
  });
});

test('the bell fits a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, '/contacts');
  await page.getByTestId('notification-bell').click();
  const box = await page.getByTestId('notification-list').boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
});
