// Reports and dashboards in the web app: a user builds a report, saves it, puts it on a new
// dashboard and finds its chart and its table there — in English and in German; the
// screenshots of the builder and of dashboards in the demo workspace.
import type { Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique, demoAccount } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

/** Picks an option of a Mantine select by its test id and the option's name. */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function shoot(page: Page, name: string, fullPage = true) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide', fullPage });
}

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('a report of orders by status, saved, on a new dashboard with its chart and table', async ({
    page,
    request,
  }) => {
    const { post } = await apiAs(request);
    const company = await post<{ id: string }>('/companies', { name: `Reporting Ltd ${unique()}` });
    const day = new Date().toISOString().slice(0, 10);
    // Other tests put orders into the same workspace: the report keeps to this test's by their numbers.
    const numbers = `REP-${unique()}`;
    for (const [n, netTotal, status] of [
      [1, '1234567.50', 'invoiced'],
      [2, '100.00', 'open'],
    ] as const)
      await post('/orders', {
        companyId: company.id,
        orderDate: day,
        netTotal,
        status,
        externalNumber: `${numbers}-${n}`,
      });

    await signIn(page, '/reports');
    await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
    await choose(page, 'report-type', 'Orders');
    await page.getByTestId('filter-button').click();
    const filter = page.getByTestId('filter-builder');
    await filter.getByTestId('filter-field').fill('External number');
    await filter.getByRole('option', { name: 'External number', exact: true }).click();
    await filter.getByTestId('filter-operator').click();
    await page.getByRole('option', { name: 'starts with', exact: true }).click();
    await filter.getByTestId('filter-value').fill(numbers);
    await filter.getByRole('button', { name: 'Add filter' }).click();
    await choose(page, 'report-group-0', 'Status');
    await choose(page, 'report-measure-fn-0', 'Sum');
    await choose(page, 'report-measure-field-0', 'Net');
    await choose(page, 'report-chart-type', 'Bar');
    await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
    // The table is on the page for screen readers, and shown on request.
    await page.getByTestId('report-show-table').click();
    const table = page.getByTestId('report-table');
    await expect(table).toBeVisible();
    await expect(table).toContainText('Sum of Net');
    await expect(table).toContainText('Invoiced');

    const name = `Net by status ${unique()}`;
    await page.getByTestId('report-name').fill(name);
    await page.getByTestId('report-save').click();
    await expect(page.getByText(`“${name}” saved.`)).toBeVisible();
    await expect(page.getByTestId('report-saved').filter({ hasText: name })).toBeVisible();
    await expect(page.getByTestId('report-csv')).toHaveAttribute('href', /format=csv&language=en/);

    await page.getByRole('link', { name: 'Dashboards' }).first().click();
    const dashboard = `My board ${unique()}`;
    await page.getByTestId('dashboard-new-name').fill(dashboard);
    await page.getByTestId('dashboard-create').click();
    await expect(page.getByText('This dashboard has no tiles yet.')).toBeVisible();
    await page.getByTestId('dashboard-add-tile').click();
    await page.getByRole('menuitem', { name }).click();
    const tile = page.getByTestId('dashboard-tile').filter({ hasText: name });
    await expect(tile.getByTestId('report-chart').locator('canvas')).toBeVisible();
    await tile.getByTestId('report-show-table').click();
    await expect(tile.getByTestId('report-table')).toContainText('Invoiced1,234,567.50');
    await expect(tile.getByTestId('report-table')).toContainText('Open100.00');
  });
});

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test.describe.configure({ timeout: 300_000 });

  test('Umsatz je Quartal und Artikel im Demo-Arbeitsbereich, auf einem Dashboard, mit Bildschirmfotos', async ({
    page,
  }) => {
    const account = demoAccount();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await signIn(page, '/reports', account);
    await expect(page.getByRole('heading', { name: 'Berichte', level: 1 })).toBeVisible();
    await choose(page, 'report-type', 'Auftragspositionen');
    await choose(page, 'report-group-0', 'Auftragsdatum');
    await choose(page, 'report-bucket-0', 'Quartal');
    await choose(page, 'report-group-1', 'Name');
    await choose(page, 'report-measure-fn-0', 'Summe');
    await choose(page, 'report-measure-field-0', 'Netto');
    await choose(page, 'report-chart-type', 'Gestapelte Balken');
    await choose(page, 'report-date-field', 'Auftragsdatum');
    await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
    // German formats in the table: "Summe Netto", quarters as "Q1 2026", amounts with a decimal comma.
    const table = page.getByTestId('report-table');
    await expect(table).toContainText('Summe Netto');
    await expect(table).toContainText(/Q[1-4] 20\d\d/);
    await expect(table).toContainText(/\d{1,3}(\.\d{3})*,\d{2}/);
    const name = 'Umsatz je Quartal und Artikel';
    await page.getByTestId('report-name').fill(name);
    await page.getByTestId('report-shared').click();
    await page.getByTestId('report-save').click();
    await expect(page.getByText(`„${name}“ gespeichert.`)).toBeVisible();
    await expect(page.getByTestId('report-xlsx')).toHaveAttribute('href', /format=xlsx&language=de/);
    // The notice would cover the chart in the picture: closed first.
    await page.locator('.mantine-Notification-root', { hasText: 'gespeichert' }).getByRole('button').click();
    await expect(page.getByText(`„${name}“ gespeichert.`)).toBeHidden();
    await shoot(page, 'reports-desktop');

    await signIn(page, '/dashboards', account);
    await page.getByTestId('dashboard-new-name').fill('Mein Überblick');
    await page.getByTestId('dashboard-create').click();
    await expect(page.getByText('Dieses Dashboard hat noch keine Kacheln.')).toBeVisible();
    for (const item of [name, 'Meine offenen Verkaufschancen je Phase', 'Umsatz je Monat gegen Vorjahr']) {
      await page.getByTestId('dashboard-add-tile').click();
      await page.getByRole('menuitem', { name: item }).click();
      await expect(page.getByTestId('dashboard-tile').filter({ hasText: item })).toBeVisible();
    }
    // The last tile moved one place to the front, and made two columns wide.
    await page.getByRole('button', { name: 'Kachel „Umsatz je Monat gegen Vorjahr“ nach vorn' }).click();
    await expect(page.getByTestId('dashboard-tile').nth(1)).toContainText('Umsatz je Monat gegen Vorjahr');
    const revenue = page.getByTestId('dashboard-tile').filter({ hasText: 'Umsatz je Monat gegen Vorjahr' });
    const narrow = (await revenue.boundingBox())?.width ?? 0;
    await page.getByRole('button', { name: 'Breite der Kachel „Umsatz je Monat gegen Vorjahr“ ändern' }).click();
    await expect.poll(async () => (await revenue.boundingBox())?.width ?? 0).toBeGreaterThan(narrow * 1.5);
    const tile = page.getByTestId('dashboard-tile').filter({ hasText: name });
    await expect(tile.getByTestId('report-chart').locator('canvas')).toBeVisible();
    await tile.getByTestId('report-show-table').click();
    await expect(tile.getByTestId('report-table')).toContainText('Summe Netto');
    await tile.getByTestId('report-show-table').click();
    await shoot(page, 'dashboard-desktop');

    await choose(page, 'dashboard-select', 'Vertriebsleitung');
    await expect(page.getByTestId('dashboard-tile').filter({ hasText: 'ABC-Verteilung der Kunden' })).toBeVisible();
    await expect(
      page.getByTestId('dashboard-tile').filter({ hasText: 'Kennzahlen des Teams je Vertriebler' }),
    ).toContainText('Gewinnquote (%)');
    await expect(
      page.getByTestId('dashboard-tile').filter({ hasText: 'Umsatz je Monat gegen Vorjahr' }).locator('canvas'),
    ).toBeVisible();
    await shoot(page, 'dashboard-manager');

    await page.setViewportSize({ width: 390, height: 844 });
    await choose(page, 'dashboard-select', 'Mein Vertrieb');
    await expect(page.getByTestId('dashboard-tile').first()).toBeVisible();
    await shoot(page, 'dashboard-phone', false);
  });
});
