// Next best actions in the browser: a customer whose revenue fell gets "keep the customer" on
// its page after a run, with why and what it may be worth, and one click turns it into a task
// on the customer — in English and German; the screenshots show the demo workspace's
// suggestions on a customer's page and in the rep's list on the start page.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, signIn, apiAs, unique, demoAccount } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

/** A company whose revenue of the last 12 months is half of the 12 months before, and a fresh run. */
async function fallingCustomer(request: APIRequestContext, name: string) {
  const { headers, post } = await apiAs(request);
  const settings = await request.patch('/api/v1/analytics/settings', { headers, data: { windowMonths: 12 } });
  expect(settings.status()).toBe(200);
  const company = await post<{ id: string; name: string }>('/companies', { name });
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  await post('/orders', { companyId: company.id, orderDate: day(500), netTotal: '90000000.00', status: 'invoiced' });
  await post('/orders', { companyId: company.id, orderDate: day(10), netTotal: '45000000.00', status: 'invoiced' });
  await post('/analytics/runs', {});
  return company;
}

for (const [language, locale, timezoneId, texts] of [
  [
    'in English',
    'en-GB',
    'Europe/London',
    { panel: 'Next best actions', title: 'Keep the customer: call', why: 'revenue falling', made: 'Task created' },
  ],
  [
    'auf Deutsch',
    'de-DE',
    'Europe/Berlin',
    { panel: 'Nächste Schritte', title: 'Kunden halten: anrufen', why: 'Umsatz fällt', made: 'Aufgabe angelegt' },
  ],
] as const) {
  test.describe(language, () => {
    test.use({ locale, timezoneId });

    test(`${language}: a falling customer's suggestion becomes a task in one click`, async ({ page, request }) => {
      const company = await fallingCustomer(request, `Rückläufig ${unique()} GmbH`);
      await signIn(page, `/companies/${company.id}`);
      const panel = page.getByTestId('record-next-actions');
      await expect(panel).toContainText(texts.panel);
      const action = panel.locator('[data-testid="next-action"][data-kind="retain"]');
      await expect(action).toContainText(texts.title);
      await expect(action.getByTestId('next-action-why')).toContainText(texts.why);
      await expect(action.getByTestId('next-action-value')).toBeVisible();
      await action.getByTestId('next-action-task').click();
      await expect(page.getByText(`${texts.made}: ${texts.title}`)).toBeVisible();
      // The suggestion is done and gone; the task is on the customer's page.
      await expect(panel.locator('[data-kind="retain"]')).toHaveCount(0);
      await expect(page.getByTestId('record-tasks').getByTestId('record-task')).toContainText(
        `${texts.title} – ${company.name}`,
      );
    });
  });
}

test.describe('Bildschirmfotos', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test.describe.configure({ timeout: 300_000 });

  test('die Vorschläge des Demo-Arbeitsbereichs auf der Kundenseite und auf der Startseite', async ({
    page,
    request,
  }) => {
    const account = demoAccount();
    const { headers } = await apiAs(request, account);
    const mine = await request.get('/api/v1/next-actions?owner=me&limit=1', { headers });
    const [top] = ((await mine.json()) as { data: Array<{ customer: { type: string; id: string } }> }).data;
    expect(top, 'the demo has suggestions for its sales rep').toBeTruthy();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await signIn(page, `/${top!.customer.type === 'company' ? 'companies' : 'contacts'}/${top!.customer.id}`, account);
    const panel = page.getByTestId('record-next-actions');
    await expect(panel.getByTestId('next-action').first()).toBeVisible();
    await panel.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.fonts.ready);
    await panel.screenshot({
      path: 'docs/screenshots/next-actions-customer.png',
      animations: 'disabled',
      caret: 'hide',
    });

    await signIn(page, '/', account);
    const list = page.getByTestId('today-next-actions');
    await expect(list.getByTestId('next-action').first()).toBeVisible();
    await page.evaluate(() => document.fonts.ready);
    await list.screenshot({ path: 'docs/screenshots/next-actions-today.png', animations: 'disabled', caret: 'hide' });
  });
});
