// Sales KPIs in the web app: the page of one owner's deals shows their win rate, weighted
// pipeline and stage figures, the revenue switches to quarters, the forecast says how the
// history method did — in English; in German the demo workspace's KPIs with screenshots.
import { test, expect, signIn, apiAs, unique, demoAccount } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test("an owner's KPIs: win rate, weighted pipeline, conversion, revenue by quarter and forecast", async ({
    page,
    request,
  }) => {
    const { post, headers } = await apiAs(request);
    const suffix = unique();
    const rep = await post<{ id: string; name: string }>('/users', {
      email: `rep-${suffix}@kpis.example`,
      name: `Rep ${suffix}`,
      role: 'agent',
    });
    const pipelines = await request.get('/api/v1/pipelines?isDefault=true', { headers });
    const stages = ((await pipelines.json()) as { data: Array<{ stages: Array<{ id: string; kind: string }> }> })
      .data[0]!.stages;
    const first = stages.find((s) => s.kind === 'open')!;
    const won = stages.find((s) => s.kind === 'won')!;
    const lost = stages.find((s) => s.kind === 'lost')!;
    const amount = (value: string) => ({ amount: value, currency: 'EUR' });
    // Won 4,000 (from the first stage) and lost one: 50 %; open 1,000 in the first stage at
    // 10 %: €100.00 weighted. Of the two deals that entered the first stage one moved on.
    const winner = await post<{ id: string }>('/deals', {
      title: `Won ${suffix}`,
      ownerId: rep.id,
      stageId: first.id,
      amount: amount('4000.00'),
    });
    const moved = await request.patch(`/api/v1/deals/${winner.id}`, { headers, data: { stageId: won.id } });
    expect(moved.status(), await moved.text()).toBe(200);
    await post('/deals', { title: `Lost ${suffix}`, ownerId: rep.id, stageId: lost.id, amount: amount('2500.00') });
    const next = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
    await post('/deals', {
      title: `Open ${suffix}`,
      ownerId: rep.id,
      stageId: first.id,
      amount: amount('1000.00'),
      expectedCloseDate: next,
    });

    await signIn(page, '/today');
    await page.getByRole('link', { name: 'Sales KPIs' }).click();
    await expect(page.getByRole('heading', { name: 'Sales KPIs', exact: true })).toBeVisible();
    await signIn(page, `/kpis?ownerId=${rep.id}`);
    await expect(page.getByTestId('kpis-tile-win-rate-value')).toHaveText('50%');
    await expect(page.getByTestId('kpis-tile-win-rate')).toContainText('1 won, 1 lost');
    await expect(page.getByTestId('kpis-tile-weighted-value')).toHaveText('€100.00');
    await expect(page.getByTestId('kpis-tile-average-value')).toHaveText('€4,000.00');
    await expect(page.getByTestId('kpis-pipeline')).toContainText('€1,000.00');
    await expect(page.getByTestId('kpis-by-owner')).toContainText(`Rep ${suffix}`);
    const firstStage = page.getByTestId('kpis-conversion').locator('tbody tr').first();
    await expect(firstStage.locator('td').nth(1)).toHaveText('2');
    await expect(firstStage.locator('td').nth(2)).toHaveText('50%');
    await expect(page.getByTestId('kpis-period')).toContainText('amounts in EUR');

    await page.getByTestId('kpis-revenue-interval').getByText('Quarters').click();
    await expect(page.getByTestId('kpis-revenue').locator('tbody tr').first()).toContainText(/^Q\d \d{4}/);
    await expect(page.getByTestId('kpis-forecast')).toContainText('€100.00');
    await expect(page.getByTestId('kpis-forecast-panel')).toContainText('Forecast from history');
  });
});

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test.describe.configure({ timeout: 300_000 });

  test('die Vertriebskennzahlen des Demo-Arbeitsbereichs, mit Bildschirmfotos', async ({ page }) => {
    const account = demoAccount();
    await signIn(page, '/today', account);
    await page.getByRole('link', { name: 'Vertriebskennzahlen' }).click();
    await expect(page.getByRole('heading', { name: 'Vertriebskennzahlen', exact: true })).toBeVisible();
    // German formats: per cent with a space, euros with a decimal comma, dates with dots.
    await expect(page.getByTestId('kpis-tile-win-rate-value')).toHaveText(/^\d+\s%$/);
    await expect(page.getByTestId('kpis-tile-weighted-value')).toHaveText(/^[\d.]+,\d\d\s€$/);
    await expect(page.getByTestId('kpis-tile-acceptance-value')).toHaveText(/^\d+\s%$/);
    await expect(page.getByTestId('kpis-period')).toContainText(/Zeitraum \d\d\.\d\d\.\d{4} bis \d\d\.\d\d\.\d{4}/);
    await expect(page.getByTestId('kpis-conversion')).toContainText('Qualifizierung');
    await expect(page.getByTestId('kpis-by-team')).toContainText('Vertrieb');
    await expect(page.getByTestId('kpis-revenue')).toContainText('€');
    await expect(page.getByTestId('kpis-backtest')).toContainText('Prognose aus der Historie: über 12 Monate');

    for (const [size, viewport] of Object.entries({
      desktop: { width: 1280, height: 1000 },
      phone: { width: 390, height: 844 },
    })) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({
        path: `docs/screenshots/kpis-${size}.png`,
        animations: 'disabled',
        caret: 'hide',
        fullPage: size === 'desktop',
      });
    }
  });
});
