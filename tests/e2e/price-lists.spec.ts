// Price lists in the browser: a manager creates one with a percentage and a product's own
// price and gives it to a company; an agent sees it without edit controls. Screenshots of the
// price list pages in German, in a demo workspace of their own (its lists "Händler" and
// "Großkunde" come from `farley demo`).
import type { Page } from '@playwright/test';
import { apiAs, expect, expectNoSidewaysScroll, signIn, test, unique, demoAccount } from './fixtures.ts';

async function member(request: Parameters<typeof apiAs>[0], role: 'manager' | 'agent') {
  const api = await apiAs(request);
  const account = { email: `${role}-${unique()}@farley.example`, password: `${role}-${unique()}-pass` };
  await api.post('/users', { email: account.email, name: `Preis ${role}`, role, password: account.password });
  return account;
}

test('a manager creates a price list with 10 % off and an own price, and gives it to a company', async ({
  page,
  request,
}) => {
  const api = await apiAs(request);
  const suffix = unique();
  const product = await api.post<{ id: string; sku: string }>('/products', {
    sku: `PL-${suffix}`,
    name: `Wartungsvertrag ${suffix}`,
    unit: 'month',
    listPrice: '99.00',
  });
  const company = await api.post<{ id: string }>('/companies', { name: `Händlerhaus ${suffix} GmbH` });
  const manager = await member(request, 'manager');
  const agent = await member(request, 'agent');
  const name = `Händler ${suffix}`;

  await signIn(page, '/price-lists', manager);
  await expect(page.getByRole('heading', { name: 'Price lists' })).toBeVisible();
  await expect(page.getByTestId('price-list-row').filter({ hasText: 'Default' })).toBeVisible();
  await page.getByRole('button', { name: 'New price list' }).click();
  const dialog = page.getByTestId('new-price-list');
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('textbox', { name: 'Discount in %' }).fill('10');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('price-list-name')).toHaveText(name);
  await expect(page.getByTestId('no-price-list-entries')).toBeVisible();

  const adding = page.getByTestId('add-price-list-entry');
  await adding.getByRole('combobox', { name: 'Product' }).fill(product.sku);
  await page.getByRole('option', { name: new RegExp(product.sku) }).click();
  await adding.getByRole('textbox', { name: /^Price/ }).fill('89.90');
  await adding.getByRole('button', { name: 'Add' }).click();
  const entry = page.getByTestId('price-list-entry').filter({ hasText: product.sku });
  await expect(entry).toContainText('€99.00');
  await expect(entry).toContainText('€89.90');

  // The company gets the list on its form and shows it on its page.
  await page.goto(`/companies/${company.id}/edit`);
  await page.getByTestId('price-list-select').click();
  await page.getByRole('option', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
  await expect(page.getByTestId('customer-price-list')).toContainText(name);

  // A quote for the company would take the own price, and 10 % off for other products.
  const resolved = await request.get(`/api/v1/price-lists/resolve?productId=${product.id}&companyId=${company.id}`);
  expect(await resolved.json()).toMatchObject({ unitPrice: '89.90', source: 'entry' });

  // An agent reads the list but has no controls to change it.
  const list = (await (await request.get('/api/v1/price-lists?limit=500')).json()).data.find(
    (l: { name: string }) => l.name === name,
  );
  await signIn(page, `/price-lists/${list.id}`, agent);
  await expect(page.getByTestId('price-list-name')).toHaveText(name);
  await expect(page.getByTestId('price-list-facts')).toContainText('10 %');
  await expect(page.getByTestId('price-list-entry').filter({ hasText: product.sku })).toContainText('€89.90');
  await expect(page.getByTestId('price-list-form')).toHaveCount(0);
  await expect(page.getByTestId('add-price-list-entry')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Remove the own price/ })).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('link', { name: 'All price lists' }).click();
  await expect(page.getByTestId('price-list-row').filter({ hasText: name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New price list' })).toHaveCount(0);
  await expect(page.getByText('Managers and admins change price lists.')).toBeVisible();
});

test('a manager moves a price list to the trash and brings it back; the default list stays', async ({
  page,
  request,
}) => {
  const manager = await member(request, 'manager');
  const api = await apiAs(request);
  const name = `Aktion ${unique()}`;
  const list = await api.post<{ id: string }>('/price-lists', { name, discountPercent: '5' });
  await signIn(page, `/price-lists/${list.id}`, manager);
  await page.getByRole('button', { name: 'Move to trash' }).click();
  await expect(page).toHaveURL(/\/price-lists$/);
  await expect(page.getByTestId('price-list-row').filter({ hasText: name })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show deleted price lists' }).click();
  await page
    .getByTestId('trashed-price-list')
    .filter({ hasText: name })
    .getByRole('button', { name: 'Restore' })
    .click();
  await expect(page.getByTestId('price-list-row').filter({ hasText: name })).toBeVisible();
  // The default list offers no way to the trash.
  await page.getByTestId('price-list-row').filter({ hasText: 'Default' }).getByRole('link').click();
  await expect(page.getByText('cannot be deleted')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Move to trash' })).toHaveCount(0);
});

test.describe('screenshots', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test.describe.configure({ timeout: 180_000 });

  async function shoot(page: Page, name: string) {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `docs/screenshots/${name}-desktop.png`, animations: 'disabled', caret: 'hide' });
  }

  test('the price lists of the demo workspace, in German', async ({ page, request }) => {
    const account = demoAccount();
    const api = await apiAs(request, account);
    // Products of the catalogue with prices of their own in "Großkunde" (the demo may bring its own too).
    const products = [
      { sku: 'DL-100', name: 'Beratung vor Ort', unit: 'hour', listPrice: '120.00' },
      { sku: 'SW-200', name: 'Software-Lizenz Jahresabo', unit: 'flat', listPrice: '1490.00' },
      { sku: 'SV-300', name: 'Wartungsvertrag Premium', unit: 'month', listPrice: '249.00' },
    ];
    const lists = (await (await request.get('/api/v1/price-lists')).json()).data as Array<{ id: string; name: string }>;
    const grosskunde = lists.find((list) => list.name === 'Großkunde');
    expect(grosskunde, 'the demo has the list "Großkunde"').toBeTruthy();
    expect(lists.map((list) => list.name)).toContain('Händler');
    for (const [index, product] of products.entries()) {
      const response = await request.post('/api/v1/products', { headers: api.headers, data: product });
      if (response.status() !== 201) continue; // the demo's own catalogue has this SKU already
      const { id } = (await response.json()) as { id: string };
      await request.put(`/api/v1/price-lists/${grosskunde!.id}/entries/${id}`, {
        headers: api.headers,
        data: { price: ['99.00', '1290.00', '219.00'][index] },
      });
    }

    await signIn(page, '/price-lists', account);
    await expect(page.getByRole('heading', { name: 'Preislisten' })).toBeVisible();
    await expect(page.getByTestId('price-list-row')).toHaveCount(3);
    await shoot(page, 'price-lists');
    await page.getByRole('link', { name: 'Großkunde' }).click();
    await expect(page.getByTestId('price-list-name')).toHaveText('Großkunde');
    await expect(page.getByTestId('price-list-entry').first()).toBeVisible();
    await shoot(page, 'price-list');
  });
});
