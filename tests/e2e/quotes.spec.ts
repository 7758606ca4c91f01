// Quotes in the browser: a quote with two VAT rates and a discount on the whole, its totals in
// German as they are typed (German decimal comma), issuing it (the number appears), accepting
// it with the deal won; the English labels.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, signIn, credentials, demoAccount } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

async function seed(request: APIRequestContext) {
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  expect(login.ok()).toBe(true);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const post = async (path: string, data: object) => {
    const response = await request.post(`/api/v1${path}`, { headers, data });
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()) as { id: string };
  };
  const company = await post('/companies', {
    name: `Bäckerei Brötchen ${Date.now()}`,
    addresses: [{ street: 'Marktplatz 3', postalCode: '93047', city: 'Regensburg', country: 'DE' }],
  });
  const deal = await post('/deals', { title: 'Ofenwartung 2027', companyId: company.id });
  return { company, deal, headers };
}

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('a quote with 19 % and 7 %, a discount, issued and accepted with the deal won', async ({ page }) => {
    const { company, deal } = await seed(page.context().request);
    await signIn(page, `/quotes/new?companyId=${company.id}&dealId=${deal.id}`);
    await page.getByTestId('quote-subject').fill('Wartung Backöfen');

    await page.getByTestId('add-free-line').click();
    const first = page.getByTestId('line-0');
    await first.getByRole('textbox', { name: 'Bezeichnung' }).fill('Wartung Etagenofen');
    await first.getByRole('textbox', { name: 'Menge' }).fill('2,5');
    await first.getByRole('textbox', { name: 'Einzelpreis' }).fill('100');

    await page.getByTestId('add-free-line').click();
    const second = page.getByTestId('line-1');
    await second.getByRole('textbox', { name: 'Bezeichnung' }).fill('Fachbuch Backtechnik');
    await second.getByRole('textbox', { name: 'Menge' }).fill('3');
    await second.getByRole('textbox', { name: 'Einzelpreis' }).fill('12,50');
    await second.getByRole('combobox', { name: 'USt.' }).click();
    await page.getByRole('option', { name: '7 %' }).click();

    await page.getByRole('textbox', { name: 'Rabatt auf alles' }).fill('10');
    await expect(page.getByTestId('total-net')).toHaveText('258,75 €');
    await expect(page.getByTestId('total-vat-19')).toHaveText('42,75 €');
    await expect(page.getByTestId('total-vat-7')).toHaveText('2,36 €');
    await expect(page.getByTestId('total-gross')).toHaveText('303,86 €');

    await page.getByTestId('quote-issue').click();
    await expect(page.getByTestId('quote-number')).toHaveText(/^AN-\d{4}-\d{4}$/);
    await expect(page.getByTestId('quote-status')).toHaveText('Versendet');
    await expect(page.getByTestId('total-gross')).toHaveText('303,86 €');

    await page.getByTestId('quote-accept').click();
    await expect(page.getByTestId('quote-win-deal')).toBeChecked();
    await page.getByTestId('quote-accept-confirm').click();
    await expect(page.getByTestId('quote-status')).toHaveText('Angenommen');
    const won = await (await page.context().request.get(`/api/v1/deals/${deal.id}`)).json();
    expect(won.status).toBe('won');
    expect(won.amount).toEqual({ amount: '258.75', currency: 'EUR' });

    await page.goto('/quotes');
    await expect(page.getByRole('heading', { name: 'Angebote' })).toBeVisible();
    await expect(page.getByTestId('quotes-table')).toContainText('Wartung Backöfen');
  });
});

test('the quote pages speak English', async ({ page }) => {
  await signIn(page, '/quotes');
  await expect(page.getByRole('heading', { name: 'Quotes' })).toBeVisible();
  await page.getByTestId('sales-settings').click();
  const dialog = page.getByRole('dialog', { name: 'Quote settings' });
  await expect(dialog.getByRole('textbox', { name: 'Validity of new quotes (days)' })).toHaveValue('30');
  await page.keyboard.press('Escape');
  await page.getByTestId('new-quote').click();
  await expect(page.getByRole('heading', { name: 'New quote' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Free line' })).toBeVisible();
});

test.describe('screenshots', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
  test.describe.configure({ timeout: 300_000 });

  test('the quotes list and the editor in the demo workspace', async ({ page }) => {
    // A demo workspace of its own: its quotes were made by the quotes service (real numbers).
    await signIn(page, '/quotes', demoAccount());
    const table = page.getByTestId('quotes-table');
    await expect(table).toContainText('Wartungsvertrag Backöfen 2027');
    await expect(table).toContainText(/AN-\d{4}-\d{4}-2/);
    await expect(table).toContainText('Angenommen');
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: 'docs/screenshots/quotes-desktop.png', animations: 'disabled', caret: 'hide' });

    await table.getByRole('link', { name: 'Entwurf' }).first().click();
    await expect(page.getByTestId('quote-subject')).toHaveValue('Wartungsvertrag Backöfen 2027');
    await expect(page.getByTestId('total-gross')).not.toBeEmpty();
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({
      path: 'docs/screenshots/quote-editor-desktop.png',
      animations: 'disabled',
      caret: 'hide',
      fullPage: true,
    });
  });
});
