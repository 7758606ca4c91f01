// Analytics in the web app: a manager computes the analyses on the Analytics page, and a
// customer page shows the customer's value (ABC class, RFM segment, and why there is no
// prediction yet) — in English and German; the screenshots of the page and of a customer's
// value in the demo workspace, where the models are fitted on its orders.
import { test, expect, signIn, apiAs, unique, demoAccount, allowConsoleErrors } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('a manager computes the analyses; the biggest customer is an A customer on its page', async ({
    page,
    request,
    consoleErrors,
  }) => {
    const { post } = await apiAs(request);
    const company = await post<{ id: string; name: string }>('/companies', { name: `Großhandel Nord ${unique()}` });
    const day = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    await post('/orders', { companyId: company.id, orderDate: day, netTotal: '9000000.00', status: 'invoiced' });
    // Two of the three customers who bought the grinder bought the beans too, more than customers
    // at large (a fourth bought only filters): the third gets the beans suggested.
    const suffix = unique();
    const grinder = await post<{ id: string }>('/products', {
      sku: `MG-${suffix}`,
      name: `Mühle ${suffix}`,
      unit: 'piece',
      listPrice: '80.00',
    });
    const beans = await post<{ id: string }>('/products', {
      sku: `BO-${suffix}`,
      name: `Bohnen ${suffix}`,
      unit: 'piece',
      listPrice: '12.00',
    });
    const filters = await post<{ id: string }>('/products', {
      sku: `FI-${suffix}`,
      name: `Filter ${suffix}`,
      unit: 'piece',
      listPrice: '4.00',
    });
    const buyers: string[] = [];
    for (const [n, products] of [
      [1, [grinder.id, beans.id]],
      [2, [grinder.id, beans.id]],
      [3, [grinder.id]],
      [4, [filters.id]],
    ] as const) {
      const buyer = await post<{ id: string }>('/companies', { name: `Café ${n} ${suffix}` });
      await post('/orders', {
        companyId: buyer.id,
        orderDate: day,
        lines: products.map((productId) => ({ productId, quantity: '1' })),
      });
      buyers.push(buyer.id);
    }
    await signIn(page, '/analytics');
    await expect(page.getByRole('heading', { name: 'Analytics' })).toBeVisible();
    const abcB = page.getByTestId('analytics-setting-abcB');
    await abcB.fill('50');
    await page.getByTestId('analytics-settings-save').click();
    await expect(page.getByTestId('analytics-settings')).toContainText('must be above');
    allowConsoleErrors(consoleErrors, /status of 422 .*analytics\/settings/);
    await expect(page.getByTestId('analytics-setting-abcBasis')).toHaveValue('Revenue');
    await abcB.fill('95');
    await page.getByTestId('analytics-setting-windowMonths').fill('24');
    await page.getByTestId('analytics-settings-save').click();
    await expect(page.getByText('Saved. The next run uses them.')).toBeVisible();
    await page.getByTestId('analytics-run').click();
    await expect(page.getByText(/^Computed: \d+ customers?\.$/)).toBeVisible();
    await expect(page.getByTestId('analytics-latest')).toContainText(/customers? with purchases/);
    await expect(page.getByTestId('analytics-abc-A')).not.toHaveText('0');
    await expect(page.getByTestId('analytics-latest')).toContainText('Window for ABC and RFM: 24 months');
    const lorenz = page.getByTestId('analytics-lorenz');
    await expect(lorenz).toContainText('ABC distribution and Lorenz curve');
    await expect(lorenz.getByTestId('report-chart').locator('canvas')).toBeVisible();
    await expect(lorenz.getByTestId('analytics-abc-table')).toContainText('Share of revenue');

    // The results are list fields: the A customers, the biggest revenue first, with their columns.
    await signIn(page, '/companies?abcClass=A&sort=-windowRevenue');
    await expect(page.getByTestId('filter-chip')).toContainText(['ABC class']);
    await page.getByTestId('column-chooser').click();
    const columns = page.getByTestId('column-list');
    await columns.getByRole('checkbox', { name: 'ABC class' }).check();
    await columns.getByRole('checkbox', { name: 'Revenue in window' }).check();
    await page.keyboard.press('Escape');
    const grid = page.getByTestId('companies-table');
    await expect(grid.getByRole('columnheader', { name: 'ABC class' })).toBeVisible();
    const row = grid.getByRole('row', { name: new RegExp(company.name) });
    await expect(row).toContainText('9,000,000');

    await signIn(page, `/companies/${company.id}`);
    const value = page.getByTestId('record-value');
    await expect(value).toContainText('Customer value');
    await expect(value.getByTestId('value-abc')).toHaveText('A customer');
    await expect(value.getByTestId('value-rfm')).toBeVisible();
    await expect(value.getByTestId('value-as-of')).toContainText('As of');
    await signIn(page, `/companies/${buyers[2]}`);
    await expect(page.getByTestId('value-cross-sell')).toContainText(
      `Bohnen ${suffix} – bought by 67% of the customers who bought Mühle ${suffix}`,
    );
    await value.getByRole('link', { name: 'How is this computed?' }).click();
    await expect(page).toHaveURL(/\/analytics$/);
    await expect(page.getByText('Still a customer (BG/NBD)')).toBeVisible();
  });
});

for (const [language, locale, timezoneId, texts] of [
  [
    'in English',
    'en-GB',
    'Europe/London',
    {
      enter: 'Enter potential',
      amount: '12,000,000',
      basis: 'purchasing volume as told in a meeting',
      shown: 'Assumption: purchasing volume as told in a meeting',
      share: 'Share of wallet (revenue in window): 75%',
      portfolio: 'Customer portfolio',
    },
  ],
  [
    'auf Deutsch',
    'de-DE',
    'Europe/Berlin',
    {
      enter: 'Potenzial eintragen',
      amount: '12.000.000',
      basis: 'Einkaufsvolumen laut Gespräch',
      shown: 'Annahme: Einkaufsvolumen laut Gespräch',
      share: 'Davon genutzt (Umsatz im Zeitraum): 75 %',
      portfolio: 'Kundenportfolio',
    },
  ],
] as const) {
  test.describe(`${language}: potential`, () => {
    test.use({ locale, timezoneId });

    test(`${language}: a potential entered on the customer page is an assumption with its basis`, async ({
      page,
      request,
    }) => {
      const { post } = await apiAs(request);
      const company = await post<{ id: string }>('/companies', { name: `Potenzial ${unique()} AG` });
      const day = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      await post('/orders', { companyId: company.id, orderDate: day, netTotal: '9000000.00', status: 'invoiced' });
      await post('/analytics/runs', {});
      await signIn(page, `/companies/${company.id}`);
      const value = page.getByTestId('value-potential');
      await value.getByRole('button', { name: texts.enter }).click();
      await page.getByTestId('potential-amount').fill(texts.amount);
      await page.getByTestId('potential-basis').fill(texts.basis);
      await page.getByTestId('potential-save').click();
      await expect(value.getByTestId('value-potential-basis')).toContainText(texts.shown);
      await expect(value.getByTestId('value-share-of-wallet')).toHaveText(texts.share);
      await expect(value.getByTestId('value-portfolio-field')).toBeVisible();
      await signIn(page, '/analytics');
      await expect(page.getByTestId('analytics-portfolio')).toContainText(texts.portfolio);
    });
  });
}

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test.describe.configure({ timeout: 300_000 });

  test('die Analysen des Demo-Arbeitsbereichs und der Kundenwert eines Kunden, mit Bildschirmfotos', async ({
    page,
    request,
  }) => {
    const account = demoAccount();
    const { headers } = await apiAs(request, account);
    const found = await request.get('/api/v1/companies?customerNumber=K-10000', { headers });
    const company = ((await found.json()) as { data: Array<{ id: string }> }).data[0]!;

    for (const [size, viewport] of Object.entries({
      desktop: { width: 1280, height: 1000 },
      phone: { width: 390, height: 844 },
    })) {
      await page.setViewportSize(viewport);
      await signIn(page, '/analytics', account);
      await expect(page.getByRole('heading', { name: 'Analysen' })).toBeVisible();
      await expect(page.getByTestId('analytics-latest')).toContainText('Kunden mit Käufen');
      await expect(page.getByTestId('analytics-parameters')).toContainText('BG/NBD');
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({
        path: `docs/screenshots/analytics-${size}.png`,
        animations: 'disabled',
        caret: 'hide',
        fullPage: size === 'desktop',
      });
    }
    await page.setViewportSize({ width: 1280, height: 1000 });
    await signIn(page, `/companies/${company.id}`, account);
    const value = page.getByTestId('record-value');
    await expect(value).toContainText('Kundenwert');
    await expect(value.getByTestId('value-abc')).toHaveText('A-Kunde');
    await expect(value.getByTestId('value-alive')).toContainText('%');
    await expect(value.getByTestId('value-clv')).toContainText('€');
    await value.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.fonts.ready);
    await value.screenshot({
      path: 'docs/screenshots/customer-value-desktop.png',
      animations: 'disabled',
      caret: 'hide',
    });

    // The A customers, the most valuable first, with their analytics columns.
    await signIn(page, '/companies?abcClass=A&sort=-clv', account);
    await page.getByTestId('column-chooser').click();
    const columns = page.getByTestId('column-list');
    const hidden = ['Ort', 'Telefon', 'Branche'];
    for (const name of [...hidden, 'ABC-Klasse', 'RFM-Segment', 'Noch Kunde', 'Kundenwert (CLV)'])
      await columns.getByRole('checkbox', { name, exact: true }).setChecked(!hidden.includes(name));
    await page.keyboard.press('Escape');
    const grid = page.getByTestId('companies-table');
    await expect(grid.getByRole('columnheader', { name: 'Kundenwert (CLV)' })).toBeVisible();
    await expect(grid.getByRole('row').nth(1)).toContainText('%');
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({
      path: 'docs/screenshots/customer-list-analytics-desktop.png',
      animations: 'disabled',
      caret: 'hide',
    });

    // The portfolio of the demo: value against potential, entered or by the industry rules.
    await signIn(page, '/analytics', account);
    const matrix = page.getByTestId('analytics-portfolio');
    await expect(matrix.getByTestId('portfolio-invest-customers')).toBeVisible();
    await matrix.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.fonts.ready);
    await matrix.screenshot({
      path: 'docs/screenshots/analytics-portfolio.png',
      animations: 'disabled',
      caret: 'hide',
    });

    // A customer that used to buy every few weeks and stopped a year ago: overdue, and unlikely still a customer.
    const lapsed = await request.get('/api/v1/companies?customerNumber=K-10010', { headers });
    const gone = ((await lapsed.json()) as { data: Array<{ id: string }> }).data[0]!;
    await signIn(page, `/companies/${gone.id}`, account);
    await expect(page.getByTestId('value-churn')).toContainText('Überfällig: letzter Kauf vor');
    await expect(page.getByTestId('value-alive')).toContainText('%');
  });
});
