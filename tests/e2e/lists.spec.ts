// The lists of contacts, companies and deals: sorting, the column chooser, the filter
// builder narrowing the rows, keyboard use, the deals board/list switch and phone width.
// Each test seeds records with a last name of its own and narrows the list to them.
import crypto from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, apiAs } from './fixtures.ts';

// Several steps with server round trips each: more time than the default on a busy machine.
test.describe.configure({ timeout: 90_000 });

const unique = (prefix: string) => `${prefix}${crypto.randomBytes(3).toString('hex')}`;

async function seedContacts(
  request: APIRequestContext,
  lastName: string,
  people: Array<{ firstName: string; lifecycleStage?: string; jobTitle?: string }>,
) {
  const { post } = await apiAs(request);
  const ids: string[] = [];
  for (const person of people) {
    ids.push((await post<{ id: string }>('/contacts', { lastName, lifecycleStage: 'lead', ...person })).id);
  }
  return ids;
}

/** The first names in the grid, top to bottom. */
async function firstNames(page: Page, lastName: string) {
  const rows = page.getByTestId('contacts-table').getByRole('row', { name: new RegExp(lastName) });
  return (await rows.allInnerTexts()).map((text) => text.trim().split(/\s+/)[0]);
}

test('clicking a column header sorts on the server, and again turns the order around', async ({ page, request }) => {
  const lastName = unique('Sortierung');
  await seedContacts(request, lastName, [{ firstName: 'Berta' }, { firstName: 'Anna' }, { firstName: 'Carla' }]);
  await signIn(page, `/contacts?lastName=${lastName}`);
  const grid = page.getByTestId('contacts-table');
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(3);
  const nameHeader = grid.getByRole('columnheader', { name: 'Name' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await firstNames(page, lastName)).toEqual(['Anna', 'Berta', 'Carla']);

  const sorted = page.waitForRequest(
    (r) => r.url().includes('/api/v1/contacts?') && r.url().includes('sort=-lastName%2C-firstName'),
  );
  await nameHeader.getByRole('button').click();
  await sorted;
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => firstNames(page, lastName)).toEqual(['Carla', 'Berta', 'Anna']);
  await expect(page).toHaveURL(/sort=-lastName%2C-firstName/);

  // The sort by another column starts ascending and is kept in the URL.
  await grid.getByRole('columnheader', { name: 'Lifecycle stage' }).getByRole('button').click();
  await expect(grid.getByRole('columnheader', { name: 'Lifecycle stage' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');
  await expect(page).toHaveURL(/sort=lifecycleStage/);
});

test('the column chooser adds and removes columns in their order and remembers the choice', async ({
  page,
  request,
}) => {
  const lastName = unique('Spalten');
  await seedContacts(request, lastName, [{ firstName: 'Dora', jobTitle: 'Einkaufsleitung' }]);
  await signIn(page, `/contacts?lastName=${lastName}`);
  const grid = page.getByTestId('contacts-table');
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Job title' })).toHaveCount(0);

  await page.getByTestId('column-chooser').click();
  const list = page.getByTestId('column-list');
  await list.getByRole('checkbox', { name: 'Job title' }).check();
  await list.getByRole('checkbox', { name: 'Email' }).uncheck();
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('columnheader', { name: 'Job title' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Email' })).toHaveCount(0);
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toContainText('Einkaufsleitung');
  // The order of the chooser, not of the clicks: Job title comes after Owner.
  const headers = await grid.getByRole('columnheader').allInnerTexts();
  expect(headers.map((h) => h.replace(/[▲▼↕]/g, '').trim()).filter(Boolean)).toEqual([
    'Name',
    'Company',
    'Phone',
    'City',
    'Lifecycle stage',
    'Owner',
    'Job title',
  ]);

  await page.reload();
  await expect(grid.getByRole('columnheader', { name: 'Job title' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Email' })).toHaveCount(0);
  await page.getByTestId('column-chooser').click();
  await page.getByRole('button', { name: 'Default columns' }).click();
  await expect(grid.getByRole('columnheader', { name: 'Email' })).toBeVisible();
});

test('the filter builder narrows the list by field, operator and value; chips remove filters; the URL keeps them', async ({
  page,
  request,
}) => {
  const lastName = unique('Filterprobe');
  await seedContacts(request, lastName, [
    { firstName: 'Emil', lifecycleStage: 'customer' },
    { firstName: 'Frieda', lifecycleStage: 'lead' },
    { firstName: 'Gustav', lifecycleStage: 'customer' },
  ]);
  await signIn(page, '/contacts');
  const grid = page.getByTestId('contacts-table');
  await expect(grid.getByRole('row').nth(1)).toBeVisible();

  // Last name is … (text field: a text input).
  await page.getByTestId('filter-button').click();
  const builder = page.getByTestId('filter-builder');
  await builder.getByTestId('filter-field').fill('Last name');
  await page.getByRole('option', { name: 'Last name', exact: true }).click();
  // A text field starts with "contains"; "is" is the next choice.
  await expect(builder.getByTestId('filter-operator')).toHaveValue('contains');
  await builder.getByTestId('filter-operator').click();
  await page.getByRole('option', { name: 'is', exact: true }).click();
  await builder.getByTestId('filter-value').fill(lastName);
  await builder.getByRole('button', { name: 'Add filter' }).click();
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(3);
  await expect(page.getByTestId('filter-chip')).toHaveText([`Last name is ${lastName}`]);

  // Lifecycle stage is Customer (a choice: a select).
  await page.getByTestId('filter-button').click();
  await builder.getByTestId('filter-field').fill('Lifecycle');
  await page.getByRole('option', { name: 'Lifecycle stage' }).click();
  await builder.getByTestId('filter-value').click();
  await page.getByRole('option', { name: 'Customer', exact: true }).click();
  await builder.getByRole('button', { name: 'Add filter' }).click();
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(2);
  expect(await firstNames(page, lastName)).toEqual(['Emil', 'Gustav']);
  await expect(page).toHaveURL(new RegExp(`lastName=${lastName}.*lifecycleStage=customer`));

  // A bookmark of the URL shows the same list.
  await page.goto(page.url());
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(2);
  await expect(page.getByTestId('filter-chip')).toHaveCount(2);

  // Removing the stage chip widens the list again.
  await page.getByRole('button', { name: 'Remove filter Lifecycle stage is Customer' }).click();
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(3);
  await expect(page).not.toHaveURL(/lifecycleStage/);

  // The quick search narrows too.
  await page.getByTestId('list-search').fill('Frieda');
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(1);
  await expect(page).toHaveURL(/q=Frieda/);
});

test('rows work with the keyboard: arrows move, Space selects, Enter opens the record', async ({ page, request }) => {
  const lastName = unique('Tastatur');
  const ids = await seedContacts(request, lastName, [
    { firstName: 'Hanna' },
    { firstName: 'Ida' },
    { firstName: 'Jakob' },
  ]);
  await signIn(page, `/contacts?lastName=${lastName}`);
  const grid = page.getByTestId('contacts-table');
  const rows = grid.getByRole('row', { name: new RegExp(lastName) });
  await expect(rows).toHaveCount(3);

  await page.getByTestId('list-search').focus();
  // Tab through the toolbar into the grid: the first row takes the focus.
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press('Tab');
    if (await rows.first().evaluate((row) => row === document.activeElement)) break;
  }
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('selected-count')).toHaveText('1 selected');
  await page.keyboard.press('End');
  await expect(rows.nth(2)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/contacts/${ids[1]}$`));
});

test('shift-click selects a range and "select all" takes every loaded row', async ({ page, request }) => {
  const lastName = unique('Auswahl');
  await seedContacts(request, lastName, [
    { firstName: 'Karl' },
    { firstName: 'Lena' },
    { firstName: 'Mia' },
    { firstName: 'Nils' },
  ]);
  await signIn(page, `/contacts?lastName=${lastName}`);
  const rows = page.getByTestId('contacts-table').getByRole('row', { name: new RegExp(lastName) });
  await expect(rows).toHaveCount(4);
  await rows.nth(0).getByRole('checkbox').click();
  await rows
    .nth(2)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selected-count')).toHaveText('3 selected');
  await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'false');
  await page.getByTestId('select-all').click();
  await expect(page.getByTestId('selected-count')).toHaveText('4 selected');
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
});

test('the companies list and the deals list show their records and link to the record pages', async ({
  page,
  request,
}) => {
  const { post } = await apiAs(request);
  const name = unique('Listenwerk ');
  const company = await post<{ id: string }>('/companies', { name, industry: 'Maschinenbau' });
  const title = unique('Listengeschäft ');
  const deal = await post<{ id: string }>('/deals', {
    title,
    companyId: company.id,
    amount: { amount: '12345.50', currency: 'EUR' },
  });

  await signIn(page, `/companies?q=${encodeURIComponent(name)}`);
  const companies = page.getByTestId('companies-table');
  const companyRow = companies.getByRole('row', { name: new RegExp(name) });
  await expect(companyRow).toContainText('Maschinenbau');
  await expect(companyRow.getByRole('link', { name })).toHaveAttribute('href', `/companies/${company.id}`);

  await page.getByRole('navigation').getByRole('link', { name: 'Deals' }).click();
  await expect(page).toHaveURL(/\/deals$/);
  await page.getByTestId('deals-view-switch').getByText('List').click();
  await expect(page).toHaveURL(/\/deals\/list$/);
  await page.getByTestId('list-search').fill(title);
  // The search reaches the URL after a pause; switching views before that raced with it.
  await expect(page).toHaveURL(/\/deals\/list\?q=/);
  const dealRow = page.getByTestId('deals-table').getByRole('row', { name: new RegExp(title) });
  await expect(dealRow).toContainText('€12,345.50');
  await expect(dealRow.getByRole('link', { name: title })).toHaveAttribute('href', `/deals/${deal.id}`);
  await expect(dealRow.getByRole('link', { name })).toHaveAttribute('href', `/companies/${company.id}`);
  await page.getByTestId('deals-view-switch').getByText('Board').click();
  await expect(page).toHaveURL(/\/deals$/);
});

test('at phone width the list stacks each row and the page does not scroll sideways', async ({ page, request }) => {
  const lastName = unique('Telefonbreite');
  await seedContacts(request, lastName, [{ firstName: 'Olga', lifecycleStage: 'customer' }]);
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page, `/contacts?lastName=${lastName}`);
  const row = page.getByTestId('contacts-table').getByRole('row', { name: new RegExp(lastName) });
  await expect(row.getByRole('link', { name: `Olga ${lastName}` })).toBeVisible();
  await expect(page.getByTestId('filter-button')).toBeVisible();
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  const box = (await row.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(390);
});

test('a list search that finds more records than a list takes says so, and a filter shows every match', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const lastName = unique('Vielfach');
  const { post } = await apiAs(request);
  const stages = ['customer', 'lead'] as const;
  for (let i = 0; i < 320; i += 8) {
    await Promise.all(
      Array.from({ length: 8 }, (_, j) =>
        post('/contacts', { lastName, firstName: `Person ${i + j}`, lifecycleStage: stages[(i + j) % 2] }),
      ),
    );
  }
  await signIn(page, `/contacts?q=${lastName}`);
  const hint = page.getByTestId('search-limited');
  await expect(hint).toHaveText(
    'The search shows its first 300 matches. Another word or a filter narrows it down, and then shows them all.',
  );
  // Narrowed by a filter, the search finds every match, and the hint goes.
  await page.goto(`/contacts?q=${lastName}&lifecycleStage=customer`);
  await expect(
    page
      .getByTestId('contacts-table')
      .getByRole('row', { name: new RegExp(lastName) })
      .first(),
  ).toBeVisible();
  await expect(hint).toHaveCount(0);
});
