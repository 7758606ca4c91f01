// The tasks page: grouping by due time, done with undo, postponing and reassigning.
import type { Page } from '@playwright/test';
import { test, expect, signIn } from './fixtures.ts';

interface Task {
  id: string;
  title: string;
  status: string;
  dueAt: string | null;
  assigneeId: string | null;
}

/** POSTs through the signed-in browser session (cookie + CSRF token), as the app does. */
async function apiPost<T>(page: Page, path: string, data: unknown): Promise<T> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': me.csrfToken } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as T;
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

test('completing a task in the inbox removes it from the open tasks', async ({ page }) => {
  await signIn(page);
  const title = `Rückruf Müller ${unique()}`;
  const task = await apiPost<Task>(page, '/tasks', { title, dueAt: hoursFromNow(-26), priority: 'high' });
  await page.getByRole('navigation').getByRole('link', { name: 'Tasks' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  const overdue = page.getByTestId('tasks-group-overdue');
  await expect(overdue.getByRole('heading', { name: 'Overdue' })).toBeVisible();
  const row = overdue.getByTestId('task-row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row).toContainText('High');

  await row.getByRole('button', { name: `Complete “${title}”` }).click();
  await expect(page.getByTestId('task-row').filter({ hasText: title })).toHaveCount(0);
  const stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
  expect(stored.status).toBe('done');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  await expect(page.getByTestId('task-row').filter({ hasText: title })).toHaveCount(0);
});

test('a task marked done comes back with Undo', async ({ page }) => {
  await signIn(page);
  const title = `Angebot nachfassen ${unique()}`;
  const task = await apiPost<Task>(page, '/tasks', { title, dueAt: hoursFromNow(-3) });
  await page.goto('/tasks');
  const row = page.getByTestId('task-row').filter({ hasText: title });
  await row.getByRole('button', { name: `Complete “${title}”` }).click();
  await expect(row).toHaveCount(0);
  const notice = page.getByTestId('task-change-notice').filter({ hasText: `“${title}” is done.` });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(
    page.getByTestId('tasks-group-overdue').getByTestId('task-row').filter({ hasText: title }),
  ).toBeVisible();
  const stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
  expect(stored.status).toBe('open');
  expect(stored.dueAt).toBe(task.dueAt);
});

/** The local day a quick choice stands for, at the given time of day, as the app computes it. */
function localAt(daysAhead: number, from: Date, hours: number, minutes: number): string {
  return new Date(from.getFullYear(), from.getMonth(), from.getDate() + daysAhead, hours, minutes).toISOString();
}

test('an overdue task is postponed to tomorrow at the same time of day, and back with Undo', async ({ page }) => {
  await signIn(page);
  const title = `Rückruf Becker ${unique()}`;
  const due = new Date(Date.now() - 3 * 24 * 3600_000);
  due.setHours(14, 30, 0, 0);
  const task = await apiPost<Task>(page, '/tasks', { title, dueAt: due.toISOString() });
  await page.goto('/tasks');
  const row = page.getByTestId('tasks-group-overdue').getByTestId('task-row').filter({ hasText: title });
  await row.getByRole('button', { name: `Postpone “${title}”` }).click();
  await page.getByRole('menuitem', { name: /^Tomorrow/ }).click();
  await expect(
    page.getByTestId('tasks-group-upcoming').getByTestId('task-row').filter({ hasText: title }),
  ).toBeVisible();
  let stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
  expect(stored.dueAt).toBe(localAt(1, new Date(), 14, 30));

  await page.getByTestId('task-change-notice').filter({ hasText: title }).getByRole('button', { name: 'Undo' }).click();
  await expect(
    page.getByTestId('tasks-group-overdue').getByTestId('task-row').filter({ hasText: title }),
  ).toBeVisible();
  stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
  expect(stored.dueAt).toBe(task.dueAt);
});

test('a task without due date is postponed to next Monday at 9:00', async ({ page }) => {
  await signIn(page);
  const title = `Vertrag senden ${unique()}`;
  const task = await apiPost<Task>(page, '/tasks', { title });
  await page.goto('/tasks');
  const row = page.getByTestId('tasks-group-noDue').getByTestId('task-row').filter({ hasText: title });
  await row.getByTestId('task-postpone').click();
  await page.getByRole('menuitem', { name: /^Next week/ }).click();
  await expect(
    page.getByTestId('tasks-group-upcoming').getByTestId('task-row').filter({ hasText: title }),
  ).toBeVisible();
  const today = new Date();
  const stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
  expect(stored.dueAt).toBe(localAt((8 - today.getDay()) % 7 || 7, today, 9, 0));
});

test('reassigning a task to a colleague takes it out of my inbox', async ({ page }) => {
  await signIn(page);
  const suffix = unique();
  const colleague = await apiPost<{ id: string; name: string }>(page, '/users', {
    email: `kollegin-${suffix}@farley.example`,
    name: `Kollegin ${suffix}`,
    role: 'agent',
  });
  const title = `Vertrag prüfen ${suffix}`;
  const task = await apiPost<Task>(page, '/tasks', { title, dueAt: hoursFromNow(1) });
  await page.goto('/tasks');
  const row = page.getByTestId('task-row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await row.getByTestId('task-assignee').click();
  await page.getByRole('option', { name: colleague.name }).click();
  await expect(page.getByTestId('task-row').filter({ hasText: title })).toHaveCount(0);
  const stored = (await (await page.request.get(`/api/v1/tasks/${task.id}`)).json()) as Task;
  expect(stored.assigneeId).toBe(colleague.id);
});

test('the inbox fits a phone screen: no sideways scrolling, actions within reach', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  const title = `Rückruf unterwegs ${unique()}`;
  await apiPost<Task>(page, '/tasks', { title, dueAt: hoursFromNow(2) });
  await page.goto('/tasks');
  const row = page.getByTestId('task-row').filter({ hasText: title });
  await expect(row).toBeVisible();
  for (const control of [
    row.getByTestId('task-complete'),
    row.getByTestId('task-postpone'),
    row.getByTestId('task-assignee'),
  ]) {
    await expect(control).toBeInViewport();
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a new task is created from the inbox, and a task opens its edit form', async ({ page }) => {
  await signIn(page, '/tasks');
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  await page.getByTestId('new-task').click();
  await expect(page).toHaveURL(/\/tasks\/new$/);
  const title = `Angebot Köhler ${unique()}`;
  await page.getByRole('textbox', { name: /^Title/ }).fill(title);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.goto('/tasks');
  const row = page.getByTestId('task-row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await row.getByTestId('task-edit').click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}\/edit$/);
  await expect(page.getByRole('textbox', { name: /^Title/ })).toHaveValue(title);
});
