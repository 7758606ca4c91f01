// Lists, continued: the contact's company as a column and a filter, the city borrowed from
// the company (and marked so), totals in the heading, enum columns in funnel order, sortable
// headings that look it, and the filter builder by keyboard with its natural conditions.
// In English and German; each test seeds records of its own and narrows the list to them.
import crypto from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, apiAs } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

const unique = (prefix: string) => `${prefix}${crypto.randomBytes(3).toString('hex')}`;

/** The texts of one column (its field name), top to bottom, in the rows whose name matches. */
async function column(page: Page, table: string, name: RegExp, key: string) {
  const rows = page.getByTestId(table).getByRole('row', { name });
  return (await rows.locator(`[data-column="${key}"]`).allInnerTexts()).map((text) => text.trim());
}

async function seedCompanyPeople(request: APIRequestContext, suffix: string) {
  const { post } = await apiAs(request);
  const company = await post<{ id: string; name: string }>('/companies', {
    name: `Hafenbau ${suffix} GmbH`,
    addresses: [{ street: 'Am Wall 3', postalCode: '28195', city: 'Bremen', primary: true }],
  });
  const lastName = `Kai${suffix}`;
  const own = await post<{ id: string }>('/contacts', {
    firstName: 'Olga',
    lastName,
    addresses: [{ city: 'Köln' }],
  });
  const borrowed = await post<{ id: string }>('/contacts', { firstName: 'Paul', lastName });
  await post('/contacts', { firstName: 'Rita', lastName });
  for (const person of [own, borrowed]) await post(`/contacts/${person.id}/affiliations`, { companyId: company.id });
  return { company, lastName };
}

test('contacts show their company and, without an address of their own, its city marked as such', async ({
  page,
  request,
}) => {
  const { company, lastName } = await seedCompanyPeople(request, unique(''));
  await signIn(page, `/contacts?lastName=${lastName}`);
  const grid = page.getByTestId('contacts-table');
  const olga = grid.getByRole('row', { name: /Olga/ });
  const paul = grid.getByRole('row', { name: /Paul/ });
  const rita = grid.getByRole('row', { name: /Rita/ });
  await expect(olga.getByRole('link', { name: company.name })).toHaveAttribute('href', `/companies/${company.id}`);
  await expect(paul.getByRole('link', { name: company.name })).toBeVisible();
  await expect(rita.getByRole('link', { name: company.name })).toHaveCount(0);
  // Her own city stands plain; his is the company's, muted and labelled.
  await expect(olga).toContainText('Köln');
  await expect(olga.getByTestId('city-fallback')).toHaveCount(0);
  await expect(paul.getByTestId('city-fallback')).toHaveText('Bremen · company address');
  await expect(rita.getByTestId('city-fallback')).toHaveCount(0);
});

test('the filter builder picks a company by name and narrows the contacts to its people', async ({ page, request }) => {
  const { company, lastName } = await seedCompanyPeople(request, unique(''));
  await signIn(page, `/contacts?lastName=${lastName}`);
  const grid = page.getByTestId('contacts-table');
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(3);

  await page.getByTestId('filter-button').click();
  const builder = page.getByTestId('filter-builder');
  // The most used fields come first: the company among them.
  await builder.getByTestId('filter-field').click();
  await expect(builder.getByRole('option').first()).toHaveText('Lifecycle stage');
  await builder.getByRole('option', { name: 'Company', exact: true }).click();
  await expect(builder.getByTestId('filter-operator')).toHaveValue('is');
  await builder.getByTestId('filter-value').fill(company.name.replace(' GmbH', ''));
  await builder.getByRole('option', { name: new RegExp(company.name) }).click();
  await builder.getByRole('button', { name: 'Add filter' }).click();
  await expect(page.getByTestId('filter-chip')).toHaveText([`Last name is ${lastName}`, `Company is ${company.name}`]);
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`companyId=${company.id}`));
  await expect(page.getByTestId('list-total')).toHaveText('2 contacts');

  // "Company is empty": the one without.
  await page.getByRole('button', { name: `Remove filter Company is ${company.name}` }).click();
  await page.getByTestId('filter-button').click();
  await builder.getByTestId('filter-field').fill('Company');
  await builder.getByRole('option', { name: 'Company', exact: true }).click();
  await builder.getByTestId('filter-operator').click();
  await builder.getByRole('option', { name: 'is empty', exact: true }).click();
  await builder.getByRole('button', { name: 'Add filter' }).click();
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /Rita/ })).toBeVisible();
});

test('the heading shows the total, counted in a request of its own, for the filters and the search', async ({
  page,
  request,
}) => {
  const lastName = unique('Summe');
  const { post } = await apiAs(request);
  for (const firstName of ['Anton', 'Berta', 'Cäcilie']) await post('/contacts', { firstName, lastName });
  const counted = page.waitForRequest((r) => r.url().includes('/api/v1/contacts/count?') && !r.url().includes('limit'));
  await signIn(page, `/contacts?lastName=${lastName}`);
  await counted;
  await expect(page.getByTestId('list-total')).toHaveText('3 contacts');
  await page.getByTestId('list-search').fill('Berta');
  await expect(page.getByTestId('list-total')).toHaveText('1 contact');
  // The whole list: a number in English grouping, or the honest "more than".
  await page.goto('/contacts');
  await expect(page.getByTestId('list-total')).toHaveText(/^(\d{1,3}(,\d{3})* contacts?|more than 10,000 contacts)$/);
  await expect(page.getByText(/loaded/)).toHaveCount(0);
  await page.goto('/companies');
  await expect(page.getByTestId('list-total')).toHaveText(
    /^(\d{1,3}(,\d{3})* compan(y|ies)|more than 10,000 companies)$/,
  );
  await page.goto('/deals/list');
  await expect(page.getByTestId('list-total')).toHaveText(/^(\d{1,3}(,\d{3})* deals?|more than 10,000 deals)$/);
});

test('sortable headings show a sort mark and a button, the others neither', async ({ page, request }) => {
  const lastName = unique('Kopf');
  const { post } = await apiAs(request);
  await post('/contacts', { firstName: 'Hanna', lastName, emails: [{ email: `${lastName}@example.de` }] });
  await signIn(page, `/contacts?lastName=${lastName}`);
  const grid = page.getByTestId('contacts-table');
  await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(1);
  for (const name of ['Name', 'Lifecycle stage', 'Owner']) {
    const header = grid.getByRole('columnheader', { name, exact: true });
    await expect(header.getByRole('button')).toHaveAttribute('title', `Sort by ${name}`);
    await expect(header).toHaveText(/[↕▲▼]/);
  }
  for (const name of ['Email', 'Phone', 'City', 'Company']) {
    const header = grid.getByRole('columnheader', { name, exact: true });
    await expect(header.getByRole('button')).toHaveCount(0);
    await expect(header).toHaveText(name);
  }
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('die Lebenszyklusphase sortiert in der Reihenfolge des Trichters, nicht nach dem Alphabet', async ({
    page,
    request,
  }) => {
    const lastName = unique('Trichter');
    const { post } = await apiAs(request);
    const stages = ['other', 'customer', 'lead', 'former', 'prospect'];
    for (const [i, lifecycleStage] of stages.entries())
      await post('/contacts', { firstName: `P${i}`, lastName, lifecycleStage });
    await signIn(page, `/contacts?lastName=${lastName}`);
    const grid = page.getByTestId('contacts-table');
    await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(5);
    await expect(page.getByTestId('list-total')).toHaveText('5 Kontakte');
    await grid.getByRole('columnheader', { name: 'Lebenszyklusphase' }).getByRole('button').click();
    await expect(page).toHaveURL(/sort=lifecycleStage/);
    const funnel = ['Lead', 'Interessent', 'Kunde', 'Ehemaliger Kunde', 'Sonstige'];
    await expect.poll(() => column(page, 'contacts-table', new RegExp(lastName), 'lifecycleStage')).toEqual(funnel);
    await grid.getByRole('columnheader', { name: 'Lebenszyklusphase' }).getByRole('button').click();
    await expect
      .poll(() => column(page, 'contacts-table', new RegExp(lastName), 'lifecycleStage'))
      .toEqual([...funnel].reverse());
  });

  test('die Phase einer Verkaufschance sortiert nach der Pipeline, nicht nach dem Namen', async ({ page, request }) => {
    const { post } = await apiAs(request);
    const pipelines = await (await request.get('/api/v1/pipelines?isDefault=true')).json();
    const stages = pipelines.data[0].stages as Array<{ id: string; name: string; kind: string }>;
    const open = stages.filter((s) => s.kind === 'open');
    const title = unique('Phasenfolge');
    // Created from the last open stage to the first: the list must turn them round.
    for (const stage of [...open].reverse())
      await post('/deals', { title: `${title} ${stage.name}`, pipelineId: pipelines.data[0].id, stageId: stage.id });
    await signIn(page, `/deals/list?q=${title}`);
    const grid = page.getByTestId('deals-table');
    await expect(grid.getByRole('row', { name: new RegExp(title) })).toHaveCount(open.length);
    await grid.getByRole('columnheader', { name: 'Phase', exact: true }).getByRole('button').click();
    await expect(page).toHaveURL(/sort=stageId/);
    await expect.poll(() => column(page, 'deals-table', new RegExp(title), 'stageId')).toEqual(open.map((s) => s.name));
    // The pipeline's order is not the alphabet's (else this test would prove nothing).
    expect(open.map((s) => s.name)).not.toEqual(open.map((s) => s.name).sort((a, b) => a.localeCompare(b, 'de')));
  });

  test('der Filter lässt sich mit der Tastatur bauen; Esc schließt nur die offene Auswahl', async ({
    page,
    request,
  }) => {
    const lastName = unique('Tastatur');
    const { post } = await apiAs(request);
    await post('/contacts', { firstName: 'Ida', lastName, jobTitle: 'Einkauf' });
    await post('/contacts', { firstName: 'Jan', lastName: `${lastName}er` });
    await post('/contacts', { firstName: 'Kim', lastName: `Vor${lastName}` });
    await signIn(page, `/contacts?lastName.contains=${lastName}`);
    const grid = page.getByTestId('contacts-table');
    await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(3);
    await expect(page.getByTestId('filter-chip')).toHaveText([`Nachname enthält ${lastName}`]);

    await page.getByTestId('filter-button').focus();
    await page.keyboard.press('Enter');
    const builder = page.getByTestId('filter-builder');
    const field = builder.getByTestId('filter-field');
    await field.focus();
    await page.keyboard.type('Nachn');
    await expect(builder.getByRole('listbox')).toBeVisible();
    // Esc closes the list of fields, and only that.
    await page.keyboard.press('Escape');
    await expect(builder.getByRole('listbox')).toHaveCount(0);
    await expect(builder).toBeVisible();
    await page.keyboard.type('a');
    await expect(builder.getByRole('listbox')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(field).toHaveValue('Nachname');

    // A text reads naturally: enthält, ist, beginnt mit, ist nicht (a last name is never empty).
    const operator = builder.getByTestId('filter-operator');
    await expect(operator).toHaveValue('enthält');
    await operator.focus();
    await page.keyboard.press('ArrowDown');
    await expect(builder.getByRole('option')).toHaveText(['enthält', 'ist', 'beginnt mit', 'ist nicht']);
    // The open list pushes the buttons down rather than covering them.
    const apply = builder.getByTestId('filter-apply');
    const box = await apply.boundingBox();
    if (!box) throw new Error('the add button is not shown');
    const onTop = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="filter-apply"]') !== null,
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    );
    expect(onTop).toBe(true);
    await page.keyboard.press('Escape');
    await expect(builder.getByRole('option')).toHaveCount(0);
    await expect(builder).toBeVisible();
    await operator.click();
    await builder.getByRole('option', { name: 'beginnt mit' }).click();
    await builder.getByTestId('filter-value').fill(lastName);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('filter-chip')).toHaveText([
      `Nachname enthält ${lastName}`,
      `Nachname beginnt mit ${lastName}`,
    ]);
    await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(2);
    await expect(grid.getByRole('row', { name: /Kim/ })).toHaveCount(0);

    // The builder opens with the list of fields open (its search has the focus): the first
    // Esc closes that list, the second the builder, and the focus goes back to its button.
    await page.getByTestId('filter-button').click();
    await expect(builder.getByRole('listbox')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(builder.getByRole('listbox')).toHaveCount(0);
    await expect(builder).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(builder).toBeHidden();
    await expect(page.getByTestId('filter-button')).toBeFocused();

    // "ist leer" needs no value.
    await page.getByTestId('filter-button').click();
    await field.fill('Position');
    await builder.getByRole('option', { name: 'Position', exact: true }).click();
    await builder.getByTestId('filter-operator').click();
    await expect(builder.getByRole('option')).toHaveText([
      'enthält',
      'ist',
      'beginnt mit',
      'ist nicht',
      'ist leer',
      'ist nicht leer',
    ]);
    await builder.getByRole('option', { name: 'ist leer', exact: true }).click();
    await expect(builder.getByTestId('filter-value')).toHaveCount(0);
    await builder.getByRole('button', { name: 'Filter hinzufügen' }).click();
    await expect(page.getByTestId('filter-chip').last()).toHaveText('Position ist leer');
    await expect(grid.getByRole('row', { name: new RegExp(lastName) })).toHaveCount(1);
    await expect(grid.getByRole('row', { name: /Jan/ })).toBeVisible();
    await expect(page.getByTestId('list-total')).toHaveText('1 Kontakt');
  });

  test('die Summe steht im deutschen Zahlenformat über der Liste', async ({ page }) => {
    await signIn(page, '/contacts');
    await expect(page.getByTestId('list-total')).toHaveText(
      /^(\d{1,3}(\.\d{3})* Kontakte?|mehr als 10\.000 Kontakte)$/,
    );
    await expect(page.getByText(/geladen, weitere folgen/)).toHaveCount(0);
    const city = page.getByTestId('contacts-table').getByRole('columnheader', { name: 'Ort' });
    await expect(city.getByRole('button')).toHaveCount(0);
  });
});
