// The product catalogue in the browser: a product created in German with a decimal comma,
// found by the list's search, changed; its English labels; a viewer without write buttons;
// and screenshots of the list and the form in the demo workspace (docs/screenshots).
import crypto from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, apiAs, demoAccount } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

const suffix = () => crypto.randomBytes(3).toString('hex').toUpperCase();

/** A page of a new browser context in `locale`, signed in as `login` (the test user by default). */
async function pageIn(browser: Browser, locale: string, path: string, login?: { email: string; password: string }) {
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await signIn(page, path, login);
  return page;
}

async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a product is created in German with a comma price, found by search and changed', async ({ browser }) => {
  const sku = `BER-${suffix()}`;
  const page = await pageIn(browser, 'de-DE', '/products');
  await expect(page.getByRole('heading', { name: 'Produkte', level: 2 })).toBeVisible();
  await page.getByRole('link', { name: 'Neues Produkt' }).click();

  const form = page.getByTestId('product-form');
  await expect(page.getByRole('heading', { name: 'Neues Produkt' })).toBeVisible();
  await form.getByRole('textbox', { name: /^Bezeichnung/ }).fill('Beratung Datenschutz vor Ort');
  await form.getByRole('textbox', { name: /^Artikelnummer/ }).fill(sku);
  const price = form.getByRole('textbox', { name: /^Listenpreis/ });
  await price.fill('1234,5');
  await price.blur();
  await expect(price).toHaveValue('1.234,50');
  await choose(page, 'Einheit', 'Stunde');
  // The German rates only, the standard one chosen for a new product.
  await expect(form.getByRole('combobox', { name: 'USt.-Satz' })).toHaveValue(/^19\s%$/);
  await form.getByRole('combobox', { name: 'USt.-Satz' }).click();
  await expect(page.getByRole('option')).toHaveText([/^19\s%$/, /^7\s%$/, /^0\s%$/]);
  await page.getByRole('option', { name: /^7\s%$/ }).click();
  await form.getByRole('textbox', { name: 'Warengruppe' }).fill('Beratung');
  const cost = form.getByRole('textbox', { name: /^Einkaufspreis/ });
  await cost.fill('800');
  await cost.blur();
  await expect(cost).toHaveValue('800,00');
  await form.getByRole('button', { name: 'Anlegen' }).click();

  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  const header = page.getByTestId('product-header');
  await expect(header.getByTestId('product-name')).toHaveText('Beratung Datenschutz vor Ort');
  await expect(header.getByTestId('product-price')).toHaveText('1.234,50 €');
  await expect(header.getByTestId('product-unit')).toHaveText('Stunde');
  await expect(header).toContainText(/7\s%/);

  // Found by a part of its SKU in the list's search, with the price written the German way.
  await page.getByRole('link', { name: 'Zu den Produkten' }).click();
  await page.getByTestId('list-search').fill(sku.toLowerCase());
  const table = page.getByTestId('products-table');
  const row = table.getByRole('row', { name: /Beratung Datenschutz vor Ort/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('1.234,50 €');
  await expect(row).toContainText('Stunde');
  await expect(page.getByTestId('list-total')).toHaveText('1 Produkt');

  // Changed: a new price with a comma, and no longer active.
  await row.getByRole('link', { name: 'Beratung Datenschutz vor Ort' }).click();
  await page.getByTestId('edit-product').click();
  await expect(page.getByRole('heading', { name: 'Produkt bearbeiten' })).toBeVisible();
  await expect(price).toHaveValue('1.234,50');
  await expect(cost).toHaveValue('800,00');
  await price.fill('99,9');
  await page.getByTestId('product-active').click();
  await form.getByRole('button', { name: 'Änderungen speichern' }).click();
  await expect(header.getByTestId('product-price')).toHaveText('99,90 €');
  await expect(header).toContainText('Inaktiv');

  // The quick choice of active products leaves it out; inactive ones show it.
  await page.goto(`/products?q=${sku}`);
  await expect(table.getByRole('row', { name: /Beratung Datenschutz vor Ort/ })).toBeVisible();
  await page.getByTestId('products-active').getByText('Aktive', { exact: true }).click();
  await expect(page.getByText('Nichts passt zur Suche und zu den Filtern.')).toBeVisible();
  await page.getByTestId('products-active').getByText('Inaktive', { exact: true }).click();
  await expect(table.getByRole('row', { name: /Beratung Datenschutz vor Ort/ })).toBeVisible();
  await page.context().close();
});

test('the catalogue speaks English: labels, units and prices', async ({ browser, request }) => {
  const sku = `LIZ-${suffix()}`;
  const { post } = await apiAs(request);
  const product = await post<{ id: string }>('/products', {
    sku,
    name: 'Licence per user',
    unit: 'month',
    listPrice: '1234.5',
    productGroup: 'Software',
  });
  const page = await pageIn(browser, 'en-GB', `/products/${product.id}`);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Products' })).toBeVisible();
  const header = page.getByTestId('product-header');
  await expect(header.getByTestId('product-price')).toHaveText('€1,234.50');
  await expect(header.getByTestId('product-unit')).toHaveText('month');
  await expect(header).toContainText('List price (net)');
  await expect(header).toContainText('VAT rate');
  await page.getByTestId('edit-product').click();
  await expect(page.getByRole('heading', { name: 'Edit product' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^List price/ })).toHaveValue('1,234.50');
  await page.getByRole('combobox', { name: 'Unit' }).click();
  await expect(page.getByRole('option')).toHaveText([
    'piece',
    'hour',
    'day',
    'flat rate',
    'kg',
    'm',
    'm²',
    'l',
    'month',
  ]);
  await page.context().close();
});

test('a viewer reads the catalogue without any write button', async ({ browser, request }) => {
  const { post } = await apiAs(request);
  const sku = `HW-${suffix()}`;
  const product = await post<{ id: string }>('/products', {
    sku,
    name: 'Dockingstation',
    unit: 'piece',
    listPrice: '189',
  });
  const viewer = {
    email: `leser-${suffix().toLowerCase()}@farley.example`,
    password: `pw-${crypto.randomBytes(8).toString('hex')}`,
  };
  await post('/users', { ...viewer, name: 'Lea Leser', role: 'viewer' });
  const page = await pageIn(browser, 'en-GB', `/products?q=${sku}`, viewer);
  const row = page.getByTestId('products-table').getByRole('row', { name: /Dockingstation/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New product' })).toHaveCount(0);
  await page.goto(`/products/${product.id}`);
  await expect(page.getByTestId('product-name')).toHaveText('Dockingstation');
  await expect(page.getByTestId('edit-product')).toHaveCount(0);
  await page.context().close();
});

test('a German price list is imported in the wizard, matched by SKU, a row with an unknown unit rejected', async ({
  browser,
}) => {
  const run = suffix();
  const csv = [
    'Artikelnummer;Bezeichnung;Einheit;Listenpreis;MwSt;Warengruppe',
    `IMP-${run}-1;Wartung Klimaanlage;Std.;89,50;19 %;Service`,
    `IMP-${run}-2;Filtermatte;Stk;12,3456;19;Zubehör`,
    `IMP-${run}-3;Kältemittel;Karton;45;19;Zubehör`,
  ].join('\n');
  const page = await pageIn(browser, 'de-DE', '/imports/new');
  await page.getByRole('radio', { name: 'Produkte' }).check();
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: 'preisliste.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-detected')).toContainText('preisliste.csv: 6 Spalten erkannt.');
  await page.getByRole('button', { name: 'Weiter' }).click();

  const field = (column: string) => page.getByRole('combobox', { name: `Feld für Spalte „${column}“` });
  await expect(field('Artikelnummer')).toHaveValue('Artikelnummer');
  await expect(field('Einheit')).toHaveValue('Einheit');
  await expect(field('Listenpreis')).toHaveValue('Listenpreis');
  await expect(field('MwSt')).toHaveValue('USt.-Satz');
  await page.getByRole('button', { name: 'Weiter' }).click();

  // Products are matched by their article number unless the user chooses otherwise.
  await expect(page.getByRole('radio', { name: 'Artikelnummer' })).toBeChecked();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('2 anlegen');
  await page.getByRole('button', { name: 'Import starten' }).click();
  await expect(page.getByTestId('import-finished')).toBeVisible();
  await expect(page.getByTestId('import-created')).toContainText('2');
  await expect(page.getByTestId('import-failed')).toContainText('1');
  await expect(page.getByTestId('import-error').first()).toContainText('„Karton“');
  await expect(page.getByRole('link', { name: 'Produkte ansehen' })).toHaveAttribute('href', '/products');

  await page.goto(`/products?q=IMP-${run}`);
  const table = page.getByTestId('products-table');
  await expect(table.getByRole('row', { name: /Filtermatte/ })).toContainText('12,3456 €');
  await expect(table.getByRole('row', { name: /Wartung Klimaanlage/ })).toContainText('Stunde');
  await page.context().close();
});

test.describe('screenshots', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('the products list and form in the demo workspace, at desktop and phone size', async ({ page }) => {
    const login = demoAccount();
    const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
    const shoot = async (name: string, size: keyof typeof sizes) => {
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `docs/screenshots/${name}-${size}.png`, animations: 'disabled', caret: 'hide' });
    };
    await signIn(page, '/products', login);
    for (const size of ['desktop', 'phone'] as const) {
      await page.setViewportSize(sizes[size]);
      await page.goto('/products');
      const table = page.getByTestId('products-table');
      await expect(table.getByRole('row', { name: /Administratorschulung/ })).toBeVisible();
      await expect(page.getByTestId('list-total')).toHaveText('41 Produkte');
      await shoot('products', size);

      await page.goto('/products?q=BER-100');
      await table.getByRole('link', { name: 'Beratung Senior Consultant' }).click();
      await page.getByTestId('edit-product').click();
      const form = page.getByTestId('product-form');
      await expect(form.getByRole('textbox', { name: /^Listenpreis/ })).toHaveValue('145,00');
      await expect(form.getByRole('combobox', { name: 'Einheit' })).toHaveValue('Stunde');
      await shoot('product-form', size);
    }
  });
});
