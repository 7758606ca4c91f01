// The start page "Heute" / "Today": where sign-in lands, due tasks with their customer and
// their actions (done with undo, postpone), recently viewed customers, and the bell's due tasks.
import type { Page } from '@playwright/test';
import { test, expect, signInWithForm, unique, expectNoSidewaysScroll } from './fixtures.ts';

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

// Three tasks walked per test, with a sign-in through the form: more than the default budget.
test.describe.configure({ timeout: 180_000 });

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

      // One walk per language and size (each a fresh context and a sign-in through the form):
      // the start page after sign-in, a customer opened and then recently viewed, a task done,
      // undone and postponed, and the bell's due tasks.
      test('sign-in lands on the start page; a task links its customer, then recently viewed; done, undo, postpone; the bell', async ({
        page,
      }) => {
        await signInWithForm(page);
        await expect(page).toHaveURL(/\/today$/);
        await expect(page.getByRole('heading', { name: words.heading, exact: true })).toBeVisible();
        await expect(page.getByTestId('today-appointments')).toContainText(words.appointments);
        const viewedName = `Heutig-${unique()}`;
        const viewedTitle = `Rückruf ${viewedName}`;
        const { contact } = await overdueTaskWithCustomer(page, viewedTitle, viewedName);
        const doneName = `Erledigt-${unique()}`;
        const doneTitle = `Angebot ${doneName}`;
        const { task } = await overdueTaskWithCustomer(page, doneTitle, doneName);
        const bellName = `Glocke-${unique()}`;
        const bellTitle = `Wiedervorlage ${bellName}`;
        const { contact: bellContact } = await overdueTaskWithCustomer(page, bellTitle, bellName);
        await page.reload();

        await test.step('an overdue task links its customer, who then shows as recently viewed', async () => {
          const line = page.getByTestId('today-task').filter({ hasText: viewedTitle });
          await expect(line).toBeVisible();
          await expect(line.locator('[data-overdue]')).toBeVisible();
          await expectNoSidewaysScroll(page);

          const viewed = page.waitForResponse((response) => response.url().endsWith('/api/v1/recent-views'));
          await line.getByTestId('link-contact').click();
          expect((await viewed).status()).toBe(204);
          await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
          await expect(page.getByRole('heading', { name: new RegExp(viewedName) }).first()).toBeVisible();
          await page.goBack();
          await expect(page).toHaveURL(/\/today$/);
          const recent = page.getByTestId('today-recent-record').filter({ hasText: `Greta ${viewedName}` });
          await expect(recent).toBeVisible();
          await expect(recent.getByRole('link', { name: words.call(`Greta ${viewedName}`) })).toHaveAttribute(
            'href',
            'tel:+49309876543',
          );
        });

        await test.step('a due task is marked done and comes back with undo, and is postponed to tomorrow', async () => {
          const line = page.getByTestId('today-task').filter({ hasText: doneTitle });
          await line.getByRole('button', { name: words.done(doneTitle) }).click();
          await expect(line).toHaveCount(0);
          const notice = page.getByTestId('task-change-notice').filter({ hasText: words.doneNotice(doneTitle) });
          await notice.getByRole('button', { name: words.undo }).click();
          await expect(line).toBeVisible();
          expect(((await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task).status).toBe('open');

          await line.getByRole('button', { name: words.postpone(doneTitle) }).click();
          await page.getByRole('menuitem', { name: words.tomorrow }).click();
          await expect(line).toHaveCount(0);
          const stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
          const tomorrow = new Date();
          tomorrow.setDate(tomorrow.getDate() + 1);
          expect(new Date(stored.dueAt!).toDateString()).toBe(tomorrow.toDateString());
        });

        await test.step('the bell lists an overdue task and opens its customer', async () => {
          const bell = page.getByTestId('notification-bell');
          await expect(bell).toHaveAccessibleName(words.bell);
          await bell.click();
          const item = page.getByTestId('notification-due-task').filter({ hasText: bellTitle });
          await expect(item).toHaveAttribute('data-overdue', 'true');
          await expect(item).toContainText(`Greta ${bellName}`);
          const list = await page.getByTestId('notification-list').boundingBox();
          expect(list!.x).toBeGreaterThanOrEqual(0);
          expect(list!.x + list!.width).toBeLessThanOrEqual(sizes[size].width);
          await item.click();
          await expect(page).toHaveURL(new RegExp(`/contacts/${bellContact.id}$`));
        });
      });
    });
  }
}
