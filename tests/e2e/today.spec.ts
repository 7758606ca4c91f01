// The start page "Heute" / "Today": where sign-in lands, due tasks with their customer and
// their actions (done with undo, postpone), recently viewed customers, and the bell's due tasks.
import type { Page } from '@playwright/test';
import { test, expect, signIn, unique, expectNoSidewaysScroll } from './fixtures.ts';

interface Task {
  id: string;
  title: string;
  status: string;
  dueAt: string | null;
}

/** POSTs through the signed-in browser session (cookie + CSRF token), as the app does. */
async function apiPost<T>(page: Page, path: string, data: unknown): Promise<T> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': me.csrfToken } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as T;
}

/**
 * A contact with an overdue task of the signed-in user. Due long ago, so that it heads the
 * (longest overdue first) list whatever other tests add to the same user's day.
 */
async function overdueTaskWithCustomer(page: Page, title: string, lastName: string) {
  const contact = await apiPost<{ id: string }>(page, '/contacts', {
    firstName: 'Greta',
    lastName,
    phones: [{ number: '+49 30 9876543' }],
  });
  const dueAt = new Date(Date.now() - (400 + Math.random() * 100) * 24 * 3600_000).toISOString();
  const task = await apiPost<Task>(page, '/tasks', { title, dueAt, contactIds: [contact.id] });
  return { contact, task };
}

const sizes = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

for (const [language, locale] of [
  ['en', 'en-GB'],
  ['de', 'de-DE'],
] as const) {
  const words =
    language === 'de'
      ? {
          heading: 'Heute',
          done: (title: string) => `„${title}“ erledigen`,
          doneNotice: (title: string) => `„${title}“ ist erledigt.`,
          undo: 'Rückgängig',
          postpone: (title: string) => `„${title}“ verschieben`,
          tomorrow: /^Morgen/,
          recent: 'Zuletzt angesehen',
          call: (name: string) => `${name} anrufen`,
          appointments: 'Sobald es den Kalender gibt',
          bell: /^Benachrichtigungen: .*Aufgaben? fällig/,
        }
      : {
          heading: 'Today',
          done: (title: string) => `Complete “${title}”`,
          doneNotice: (title: string) => `“${title}” is done.`,
          undo: 'Undo',
          postpone: (title: string) => `Postpone “${title}”`,
          tomorrow: /^Tomorrow/,
          recent: 'Recently viewed',
          call: (name: string) => `Call ${name}`,
          appointments: 'Once the calendar exists',
          bell: /^Notifications: .*tasks? due/,
        };

  for (const size of ['desktop', 'phone'] as const) {
    test.describe(`${language}, ${size}`, () => {
      test.use({ locale, viewport: sizes[size] });

      test('sign-in lands on the start page; an overdue task links its customer, who then shows as recently viewed', async ({
        page,
      }) => {
        await signIn(page);
        await expect(page).toHaveURL(/\/today$/);
        await expect(page.getByRole('heading', { name: words.heading, exact: true })).toBeVisible();
        await expect(page.getByTestId('today-appointments')).toContainText(words.appointments);
        const lastName = `Heutig-${unique()}`;
        const title = `Rückruf ${lastName}`;
        const { contact } = await overdueTaskWithCustomer(page, title, lastName);
        await page.reload();
        const line = page.getByTestId('today-task').filter({ hasText: title });
        await expect(line).toBeVisible();
        await expect(line.locator('[data-overdue]')).toBeVisible();
        await expectNoSidewaysScroll(page);

        const viewed = page.waitForResponse((response) => response.url().endsWith('/api/v1/recent-views'));
        await line.getByTestId('link-contact').click();
        expect((await viewed).status()).toBe(204);
        await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
        await expect(page.getByRole('heading', { name: new RegExp(lastName) }).first()).toBeVisible();
        await page.goBack();
        await expect(page).toHaveURL(/\/today$/);
        const recent = page.getByTestId('today-recent-record').filter({ hasText: `Greta ${lastName}` });
        await expect(recent).toBeVisible();
        await expect(recent.getByRole('link', { name: words.call(`Greta ${lastName}`) })).toHaveAttribute(
          'href',
          'tel:+49309876543',
        );
      });

      test('a due task is marked done and comes back with undo, and is postponed to tomorrow', async ({ page }) => {
        await signIn(page);
        const lastName = `Erledigt-${unique()}`;
        const title = `Angebot ${lastName}`;
        const { task } = await overdueTaskWithCustomer(page, title, lastName);
        await page.reload();
        const line = page.getByTestId('today-task').filter({ hasText: title });
        await line.getByRole('button', { name: words.done(title) }).click();
        await expect(line).toHaveCount(0);
        const notice = page.getByTestId('task-change-notice').filter({ hasText: words.doneNotice(title) });
        await notice.getByRole('button', { name: words.undo }).click();
        await expect(line).toBeVisible();
        expect(((await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task).status).toBe('open');

        await line.getByRole('button', { name: words.postpone(title) }).click();
        await page.getByRole('menuitem', { name: words.tomorrow }).click();
        await expect(line).toHaveCount(0);
        const stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
        const tomorrow = new Date();
        tomorrow.setDate(tomorrow.getDate() + 1);
        expect(new Date(stored.dueAt!).toDateString()).toBe(tomorrow.toDateString());
      });

      test('the bell lists an overdue task and opens its customer', async ({ page }) => {
        await signIn(page);
        const lastName = `Glocke-${unique()}`;
        const title = `Wiedervorlage ${lastName}`;
        const { contact } = await overdueTaskWithCustomer(page, title, lastName);
        await page.reload();
        const bell = page.getByTestId('notification-bell');
        await expect(bell).toHaveAccessibleName(words.bell);
        await bell.click();
        const item = page.getByTestId('notification-due-task').filter({ hasText: title });
        await expect(item).toHaveAttribute('data-overdue', 'true');
        await expect(item).toContainText(`Greta ${lastName}`);
        const list = await page.getByTestId('notification-list').boundingBox();
        expect(list!.x).toBeGreaterThanOrEqual(0);
        expect(list!.x + list!.width).toBeLessThanOrEqual(sizes[size].width);
        await item.click();
        await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
      });
    });
  }
}
