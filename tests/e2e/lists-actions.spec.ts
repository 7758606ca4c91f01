// Saved views (private and shared, seen by a colleague; save, rename, delete; the server's
// refusal shown) and bulk actions (assign owner, add tag, delete) on the lists; viewers
// get no write actions.
import crypto from 'node:crypto';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect, signIn, apiAs } from './fixtures.ts';

// Several steps with server round trips each: more time than the default on a busy machine.
test.describe.configure({ timeout: 90_000 });

const unique = (prefix: string) => `${prefix}${crypto.randomBytes(3).toString('hex')}`;

/** A colleague in the test workspace, created by the admin through the API. */
async function colleague(request: APIRequestContext, role: 'agent' | 'viewer', name: string) {
  const { post } = await apiAs(request);
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@farley.example`;
  const password = `pw-${crypto.randomBytes(8).toString('hex')}`;
  const user = await post<{ id: string }>('/users', { email, name, role, password });
  return { id: user.id, email, password, name };
}

/** A page of a new browser context, signed in as someone else than the test user. */
async function signInAs(browser: Browser, login: { email: string; password: string }, path: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, path, login);
  return page;
}

async function seedContacts(request: APIRequestContext, lastName: string, firstNames: string[]) {
  const { post } = await apiAs(request);
  for (const firstName of firstNames) await post('/contacts', { lastName, firstName });
}

/** A 4xx the test provokes on purpose is logged by the browser; it is not an error of the app. */
function allowConsoleErrors(errors: string[], pattern: RegExp) {
  for (let index = errors.length - 1; index >= 0; index -= 1) if (pattern.test(errors[index])) errors.splice(index, 1);
}

async function saveViewAs(page: Page, name: string, visibility: 'Only me' | 'Shared with everyone') {
  await page.getByTestId('view-save-as').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('view-name').fill(name);
  await dialog.getByText(visibility, { exact: true }).click();
  await dialog.getByTestId('view-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('view-picker')).toHaveText(name);
}

test('saved views: a private one only for me, a shared one a colleague opens; save, rename and delete', async ({
  page,
  request,
  browser,
  consoleErrors,
}) => {
  const lastName = unique('Ansicht');
  await seedContacts(request, lastName, ['Paula', 'Quirin']);
  const agent = await colleague(request, 'agent', unique('Kollegin '));
  await signIn(page, `/contacts?lastName=${lastName}&sort=-lastName%2C-firstName`);
  const grid = page.getByTestId('contacts-table');
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(2);

  const privateName = unique('Privat ');
  const sharedName = unique('Team ');
  await saveViewAs(page, privateName, 'Only me');
  await expect(page).toHaveURL(/view=/);
  await saveViewAs(page, sharedName, 'Shared with everyone');

  // The colleague sees the shared view only, and it brings its filters and sort along.
  const other = await signInAs(browser, agent, '/contacts');
  await other.getByTestId('view-picker').click();
  const menu = other.getByRole('menu');
  await expect(menu.getByRole('menuitem', { name: sharedName })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: privateName })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: sharedName }).click();
  const otherRows = other.getByTestId('contacts-table').getByRole('row', { name: new RegExp(lastName) });
  await expect(otherRows).toHaveCount(2);
  await expect(otherRows.first()).toContainText('Quirin');
  await expect(other.getByTestId('filter-chip')).toHaveText([`Last name is ${lastName}`]);
  await other.context().close();

  // A change to my own view: "Save view" keeps it.
  await page.getByTestId('view-picker').click();
  await page.getByRole('menu').getByRole('menuitem', { name: privateName }).click();
  await grid.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await expect(page.getByTestId('view-picker')).toHaveText(`${privateName} *`);
  await page.getByTestId('view-save').click();
  await expect(page.getByTestId('view-picker')).toHaveText(privateName);

  // The server's refusal is shown in the dialog (a name over 100 characters).
  await page.getByTestId('view-save-as').click();
  await page.getByRole('dialog').getByTestId('view-name').fill('x'.repeat(101));
  await page.getByRole('dialog').getByTestId('view-submit').click();
  await expect(page.getByTestId('view-error')).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 400/);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  // Rename, then delete.
  const renamed = `${privateName} neu`;
  await page.getByTestId('view-picker').click();
  await page.getByRole('menuitem', { name: 'Rename view' }).click();
  await page.getByRole('dialog').getByTestId('view-name').fill(renamed);
  await page.getByRole('dialog').getByTestId('view-submit').click();
  await expect(page.getByTestId('view-picker')).toHaveText(renamed);
  await page.getByTestId('view-picker').click();
  await page.getByRole('menuitem', { name: 'Delete view' }).click();
  await expect(page.getByRole('dialog')).toContainText(renamed);
  await page.getByRole('dialog').getByTestId('view-submit').click();
  await expect(page.getByTestId('view-picker')).toHaveText('All records');
  await page.getByTestId('view-picker').click();
  await expect(page.getByRole('menu').getByRole('menuitem', { name: renamed })).toHaveCount(0);
  await expect(page.getByRole('menu').getByRole('menuitem', { name: sharedName })).toBeVisible();
});

test('bulk actions assign an owner, add a tag and move records to the trash', async ({ page, request }) => {
  const lastName = unique('Sammel');
  await seedContacts(request, lastName, ['Rita', 'Sven', 'Tilo']);
  const owner = await colleague(request, 'agent', unique('Vertrieb '));
  await signIn(page, `/contacts?lastName=${lastName}`);
  const rows = page.getByTestId('contacts-table').getByRole('row', { name: new RegExp(lastName) });
  await expect(rows).toHaveCount(3);

  await page.getByTestId('select-all').click();
  await expect(page.getByTestId('selected-count')).toHaveText('3 selected');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Assign owner' }).click();
  await page.getByRole('dialog').getByTestId('bulk-owner').click();
  await page.getByRole('option', { name: owner.name }).click();
  await expect(page.getByRole('dialog').getByTestId('bulk-owner')).toHaveValue(owner.name);
  await page.getByRole('dialog').getByTestId('bulk-confirm').click();
  await expect(page.getByText('Owner assigned to 3 records.')).toBeVisible();
  for (const row of await rows.all()) await expect(row).toContainText(owner.name);

  const tag = unique('messe-');
  await page.getByTestId('select-all').click();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Add tag' }).click();
  await page.getByRole('dialog').getByTestId('bulk-tag').fill(tag);
  await page.getByRole('dialog').getByTestId('bulk-confirm').click();
  await expect(page.getByText('Tag added to 3 records.')).toBeVisible();
  await page.goto(`/contacts?lastName=${lastName}&tags.has=${tag}`);
  await expect(rows).toHaveCount(3);

  // Delete asks first, then moves the records to the trash.
  await rows.nth(0).getByRole('checkbox').click();
  await rows.nth(1).getByRole('checkbox').click();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toContainText('Move 2 records to the trash?');
  await page.getByRole('dialog').getByTestId('bulk-confirm').click();
  await expect(page.getByText('2 records moved to the trash.')).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Tilo');
});

test('a viewer gets no selection and no bulk actions', async ({ request, browser }) => {
  const lastName = unique('Nurlesen');
  await seedContacts(request, lastName, ['Uwe']);
  const viewer = await colleague(request, 'viewer', unique('Leserin '));
  const page = await signInAs(browser, viewer, `/contacts?lastName=${lastName}`);
  const row = page.getByTestId('contacts-table').getByRole('row', { name: new RegExp(lastName) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByTestId('select-all')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await row.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  await page.context().close();
});
