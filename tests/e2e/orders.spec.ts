// Orders in the web app: entering an order for a company (a product of the catalogue and a
// free-text line), changing its status, and seeing it and the revenue on the company page,
// in German and in English; the orders list; and the screenshot of a customer page with its
// purchase history (the demo workspace's big customer).
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique, demoAccount } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

async function seed(request: APIRequestContext, name: string) {
  const { post } = await apiAs(request);
  const suffix = unique();
  const company = await post<{ id: string; name: string }>('/companies', { name: `${name} ${suffix}` });
  const product = await post<{ id: string; sku: string; name: string }>('/products', {
    sku: `FL-${suffix}`,
    name: `Fliesenkleber ${suffix}`,
    unit: 'piece',
    listPrice: '12.50',
    vatRate: '19',
  });
  return { company, product };
}

async function enterOrder(page: Page, product: { sku: string; name: string }, freeText: string) {
  await page.getByTestId('record-purchases').getByTestId('new-order').click();
  await expect(page.getByTestId('order-form')).toBeVisible();
  const line = page.getByTestId('order-form-line').first();
  await line.getByTestId('line-product').click();
  await line.getByTestId('line-product').fill(product.sku);
  await page.getByRole('option', { name: new RegExp(product.sku) }).click();
  await expect(line.getByTestId('line-product')).toHaveValue(new RegExp(product.sku));
  await expect(line.getByTestId('line-price')).toHaveValue('12.50');
  await line.getByTestId('line-quantity').fill('4');
  await page.getByTestId('add-line').click();
  const second = page.getByTestId('order-form-line').nth(1);
  await second.getByTestId('line-name').fill(freeText);
  await second.getByTestId('line-price').fill('80,00');
  await page.getByTestId('save-order').click();
  await expect(page.getByTestId('order-number')).toHaveText(/^AB-\d{4}-\d{4,}$/);
}

test.describe('in German', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('an order entered for a company shows on its page with the revenue', async ({ page, request }) => {
    const { company, product } = await seed(request, 'Fliesen Özdemir');
    await signIn(page, `/companies/${company.id}`);
    await expect(page.getByTestId('record-purchases')).toContainText('Noch keine Aufträge.');
    await enterOrder(page, product, 'Verlegung vor Ort');
    await expect(page.getByTestId('order-net')).toHaveText('130,00 €');
    await expect(page.getByTestId('order-lines')).toContainText(product.name);
    await expect(page.getByTestId('order-lines')).toContainText('Verlegung vor Ort');
    await page.getByTestId('order-status').click();
    await page.getByRole('option', { name: 'Geliefert' }).click();
    await expect(page.getByText('Status geändert.')).toBeVisible();
    await page.getByRole('link', { name: company.name }).click();
    const purchases = page.getByTestId('record-purchases');
    await expect(purchases.getByTestId('purchase-order')).toHaveCount(1);
    await expect(purchases).toContainText('Geliefert');
    await expect(purchases).toContainText('130,00 €');
    await expect(purchases.getByTestId('purchases-products')).toContainText(product.name);
    await expect(page.getByTestId('figure-revenue-this-year')).toContainText('130,00 €');
    await expect(page.getByTestId('figure-orders')).toContainText('1');
    await expect(page.getByTestId('figure-last-order')).toContainText('heute');
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('an order entered for a company is in the orders list and on the company page', async ({ page, request }) => {
    const { company, product } = await seed(request, 'Tiles Ltd');
    await signIn(page, `/companies/${company.id}`);
    await expect(page.getByTestId('record-purchases')).toContainText('No orders yet.');
    await enterOrder(page, product, 'Laying on site');
    await expect(page.getByTestId('order-net')).toHaveText('€130.00');
    await page.getByRole('navigation').getByRole('link', { name: 'Orders' }).click();
    await expect(page.getByTestId('orders-table')).toContainText(company.name);
    await page.getByTestId('orders-table').getByRole('link', { name: company.name }).first().click();
    await expect(page.getByTestId('record-purchases')).toContainText('€130.00');
    await expect(page.getByTestId('figure-revenue-this-year')).toContainText('€130.00');
  });
});

test.describe('screenshot', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test.describe.configure({ timeout: 300_000 });

  test('the customer page of the demo workspace’s big customer with its purchases', async ({ page, request }) => {
    const account = demoAccount();
    const { headers } = await apiAs(request, account);
    const found = await request.get('/api/v1/companies?customerNumber=K-10000', { headers });
    const company = ((await found.json()) as { data: Array<{ id: string; name: string }> }).data[0]!;
    for (const [size, viewport] of Object.entries({
      desktop: { width: 1280, height: 1000 },
      phone: { width: 390, height: 844 },
    })) {
      await page.setViewportSize(viewport);
      await signIn(page, `/companies/${company.id}`, account);
      const purchases = page.getByTestId('record-purchases');
      await expect(purchases.getByTestId('purchase-order').first()).toBeVisible();
      await expect(purchases.getByTestId('purchases-years')).toBeVisible();
      await expect(page.getByTestId('figure-revenue-last-year')).toContainText('€');
      if (size === 'phone') await purchases.scrollIntoViewIfNeeded();
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({
        path: `docs/screenshots/customer-purchases-${size}.png`,
        animations: 'disabled',
        caret: 'hide',
        fullPage: size === 'desktop',
      });
    }
  });
});
