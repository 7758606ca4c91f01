// The sales loop of issue 21 in one go, in German: a product is created, a quote takes it from
// the catalogue beside a free line at 7 % with discounts, is issued and its PDF read back, is
// accepted and turned into an order (with its own number and confirmation PDF), and the order
// and its revenue show on the customer's page.
import type { APIRequestContext } from '@playwright/test';
import { pdfText } from '../../src/server/modules/salesPdf/pdfText.ts';
import { credentials, expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });
test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

async function pdfOf(request: APIRequestContext, href: string | null) {
  expect(href).toBeTruthy();
  const response = await request.get(href as string);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  return (await pdfText(await response.body())).flat().join('\n');
}

test('product → quote with two VAT rates and discounts → PDF → accepted → order → revenue on the company page', async ({
  page,
}) => {
  const request = page.context().request;
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const stamp = Date.now().toString(36).toUpperCase();
  const company = (await (
    await request.post('/api/v1/companies', {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        name: `Konditorei Süßholz ${stamp}`,
        addresses: [{ street: 'Schloßstraße 7', postalCode: '70174', city: 'Stuttgart', country: 'DE' }],
      },
    })
  ).json()) as { id: string; name: string };

  // The product, through its form.
  const sku = `OFEN-${stamp}`;
  await signIn(page, '/products/new');
  const form = page.getByTestId('product-form');
  await form.getByRole('textbox', { name: /^Bezeichnung/ }).fill('Jahreswartung Etagenofen');
  await form.getByRole('textbox', { name: /^Artikelnummer/ }).fill(sku);
  await form.getByRole('textbox', { name: /^Listenpreis/ }).fill('480');
  await form.getByRole('button', { name: 'Anlegen' }).click();
  await expect(page.getByTestId('product-header').getByTestId('product-price')).toHaveText('480,00 €');

  // The quote: the product from the catalogue with 10 % off, a book at 7 %, 3 % off the whole.
  await page.goto(`/quotes/new?companyId=${company.id}`);
  await page.getByTestId('quote-subject').fill('Wartung der Backöfen');
  await page.getByTestId('add-product').fill(sku);
  await page.getByRole('option', { name: new RegExp(sku) }).click();
  const first = page.getByTestId('line-0');
  await expect(first.getByRole('textbox', { name: 'Einzelpreis' })).toHaveValue('480,00');
  await first.getByRole('textbox', { name: 'Menge' }).fill('2');
  await first.getByRole('textbox', { name: 'Rabatt', exact: true }).fill('10');
  await page.getByTestId('add-free-line').click();
  const second = page.getByTestId('line-1');
  await second.getByRole('textbox', { name: 'Bezeichnung' }).fill('Fachbuch „Süße Backkunst“');
  await second.getByRole('textbox', { name: 'Menge' }).fill('2');
  await second.getByRole('textbox', { name: 'Einzelpreis' }).fill('39,90');
  await second.getByRole('combobox', { name: 'USt.' }).click();
  await page.getByRole('option', { name: '7 %' }).click();
  await page.getByRole('textbox', { name: 'Rabatt auf alles' }).fill('3');
  // 864,00 + 79,80 = 943,80; 3 % off = 28,31, split 25,92 / 2,39 over the rates.
  await expect(page.getByTestId('total-net')).toHaveText('915,49 €');
  await expect(page.getByTestId('total-vat-19')).toHaveText('159,24 €');
  await expect(page.getByTestId('total-vat-7')).toHaveText('5,42 €');
  await expect(page.getByTestId('total-gross')).toHaveText('1.080,15 €');

  await page.getByTestId('quote-issue').click();
  const quoteNumber = page.getByTestId('quote-number');
  await expect(quoteNumber).toHaveText(/^AN-\d{4}-\d{4}$/);
  const number = (await quoteNumber.textContent()) as string;

  const quotePdf = await pdfOf(request, await page.getByTestId('quote-pdf').getAttribute('href'));
  for (const text of [number, company.name, 'Schloßstraße 7', 'Jahreswartung Etagenofen', '1.080,15', '915,49'])
    expect(quotePdf).toContain(text);

  await page.getByTestId('quote-accept').click();
  await page.getByTestId('quote-accept-confirm').click();
  await expect(page.getByTestId('quote-status')).toHaveText('Angenommen');

  await page.getByTestId('quote-to-order').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  const orderNumber = page.getByTestId('order-number');
  await expect(orderNumber).toHaveText(/^AB-\d{4}-\d{4}$/);
  const order = (await orderNumber.textContent()) as string;
  await expect(page.getByTestId('order-net')).toHaveText('915,49 €');
  const orderPdf = await pdfOf(request, await page.getByTestId('order-pdf').getAttribute('href'));
  for (const text of ['Auftragsbestätigung', order, company.name, '1.080,15']) expect(orderPdf).toContain(text);

  // The customer's page: the order in the purchases, the revenue of this year.
  await page.goto(`/companies/${company.id}`);
  await expect(page.getByTestId('purchases-orders')).toContainText(order);
  await expect(page.getByText('Umsatz dieses Jahr').locator('..')).toContainText('915,49 €');
});
