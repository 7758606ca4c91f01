// The trash: a record moved there from its edit form is listed with when and by whom it was
// deleted and comes back with Restore; a restore the server refuses (409) is explained; a
// viewer sees the trash but no Restore; the page fits a phone.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, credentials, signIn as signInAt } from './fixtures.ts';

/** Signs in and waits until the first page has loaded its data. */
async function signIn(page: Page, path: string) {
  await signInAt(page, path);
  await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
}

test.describe.configure({ timeout: 90_000 });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

async function apiAs(request: APIRequestContext) {
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  expect(login.ok()).toBe(true);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  return {
    async post<T>(path: string, data: unknown): Promise<T> {
      const response = await request.post(`/api/v1${path}`, { headers, data });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()) as T;
    },
    async trash(path: string) {
      const response = await request.delete(`/api/v1${path}`, { headers });
      expect(response.status(), await response.text()).toBe(204);
    },
  };
}

function allowConsoleErrors(errors: string[], pattern: RegExp) {
  for (let index = errors.length - 1; index >= 0; index -= 1) if (pattern.test(errors[index]!)) errors.splice(index, 1);
}

test('a contact moved to the trash from its edit form is listed in the trash and restored from there', async ({
  page,
  request,
}) => {
  const api = await apiAs(request);
  const lastName = `Papierkörbchen ${unique()}`;
  const contact = await api.post<{ id: string }>('/contacts', { firstName: 'Björn', lastName });
  await signIn(page, `/contacts/${contact.id}/edit`);
  await page.getByTestId('delete-record').click();
  const dialog = page.getByRole('dialog', { name: 'Move to the trash?' });
  await dialog.getByRole('button', { name: 'Move to trash' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  expect((await page.request.get(`/api/v1/contacts/${contact.id}`)).status()).toBe(404);

  await page.getByRole('link', { name: 'Trash' }).click();
  await expect(page.getByRole('heading', { name: 'Trash' })).toBeVisible();
  const row = page.getByTestId('trash-row').filter({ hasText: lastName });
  await expect(row).toContainText('Deleted');
  await expect(row).toContainText('by e2e-admin');
  await row.getByRole('button', { name: `Restore Björn ${lastName}` }).click();
  await expect(page.getByText(`“Björn ${lastName}” is restored.`)).toBeVisible();
  await expect(row).toBeHidden();
  expect((await page.request.get(`/api/v1/contacts/${contact.id}`)).status()).toBe(200);
});

test('a restore the server refuses is explained with its reason', async ({ page, request, consoleErrors }) => {
  const api = await apiAs(request);
  const pipeline = await api.post<{ id: string; stages: { id: string }[] }>('/pipelines', {
    name: `Papierkorb ${unique()}`,
    stages: [{ name: 'Offen', probability: 10, kind: 'open' }],
  });
  const title = `Verlorener Auftrag ${unique()}`;
  const deal = await api.post<{ id: string }>('/deals', {
    title,
    pipelineId: pipeline.id,
    stageId: pipeline.stages[0]!.id,
  });
  await api.trash(`/deals/${deal.id}`);
  await api.trash(`/pipelines/${pipeline.id}`);

  await signIn(page, '/trash?type=deals');
  const row = page.getByTestId('trash-row').filter({ hasText: title });
  await row.getByRole('button', { name: `Restore ${title}` }).click();
  const refused = page.getByTestId('restore-refused');
  await expect(refused).toContainText(`“${title}” cannot be restored yet`);
  await expect(refused).toContainText('pipeline is in the trash');
  await expect(row).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 409/);
});

test('a viewer sees the trash without Restore buttons, and the trash fits a phone', async ({ request, browser }) => {
  const api = await apiAs(request);
  const lastName = `Gelöscht ${unique()}`;
  const contact = await api.post<{ id: string }>('/contacts', { lastName });
  await api.trash(`/contacts/${contact.id}`);
  const viewer = { email: `viewer-${unique()}@farley.example`, password: `viewer-${unique()}-pass` };
  await api.post('/users', { email: viewer.email, name: 'Vera Viewer', role: 'viewer', password: viewer.password });

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const phone = await context.newPage();
  const errors: string[] = [];
  phone.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  await phone.goto('/trash');
  await phone.getByRole('textbox', { name: 'Email' }).fill(viewer.email);
  await phone.getByRole('textbox', { name: 'Password' }).fill(viewer.password);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.getByRole('heading', { name: 'Trash' })).toBeVisible({ timeout: 30_000 });
  await expect(phone.getByText('A manager can restore them.')).toBeVisible();
  const row = phone.getByTestId('trash-row').filter({ hasText: lastName });
  await expect(row).toBeVisible();
  await expect(row.getByRole('button')).toHaveCount(0);
  await expect(phone.getByRole('button', { name: /^Restore/ })).toHaveCount(0);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  await context.close();
});
