// Screenshots of the main pages for the README (docs/screenshots/<page>-<desktop|phone>.png),
// in German, at desktop and phone size. It seeds its own data through the API and asserts what
// each page shows, so a broken page fails here instead of ending up in the docs.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, credentials } from './fixtures.ts';

interface Contact { id: string; firstName: string; lastName: string }
interface Pipeline { id: string; stages: { id: string; name: string }[] }

test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
// One test seeds once and visits four pages at two sizes: more than the default budget.
test.describe.configure({ timeout: 90_000 });

const sizes = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

async function apiAs(request: APIRequestContext) {
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  expect(login.ok()).toBe(true);
  const { csrfToken } = await login.json() as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  return async <T>(path: string, data: unknown): Promise<T> => {
    const response = await request.post(`/api/v1${path}`, { headers, data });
    expect(response.status(), await response.text()).toBe(201);
    return await response.json() as T;
  };
}

async function shoot(page: Page, name: string, size: keyof typeof sizes) {
  // Let fonts and lazy chunks settle so the picture shows the finished page.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `docs/screenshots/${name}-${size}.png`, animations: 'disabled', caret: 'hide' });
}

test('screenshots of the main pages in German at desktop and phone size', async ({ page, request }) => {
  const post = await apiAs(request);
  // Last names early in the alphabet so the list's first page shows them.
  const contact = await post<Contact>('/contacts', {
    salutation: 'Herr', firstName: 'Jürgen', lastName: 'Abendröth', jobTitle: 'Geschäftsführer',
    emails: [{ email: 'j.abendroeth@example.de', primary: true }],
    phones: [{ number: '030 1234567', label: 'office' }],
    lifecycleStage: 'customer',
  });
  await post<Contact>('/contacts', {
    salutation: 'Frau', firstName: 'Sabine', lastName: 'Albers', jobTitle: 'Einkauf',
    emails: [{ email: 's.albers@example.de', primary: true }], phones: [{ number: '089 7654321', label: 'mobile' }],
  });
  await post<Contact>('/contacts', {
    salutation: 'Frau', firstName: 'Zoë', lastName: 'Abt', jobTitle: 'Buchhaltung',
    emails: [{ email: 'zoe.abt@example.de', primary: true }],
  });
  const pipeline = await post<Pipeline>('/pipelines', {
    name: `Vertrieb ${Date.now().toString(36)}`,
    stages: [
      { name: 'Erstkontakt', probability: 10, kind: 'open' },
      { name: 'Angebot', probability: 50, kind: 'open' },
      { name: 'Verhandlung', probability: 75, kind: 'open' },
      { name: 'Gewonnen', probability: 100, kind: 'won' },
    ],
  });
  const deal = (title: string, stage: number, amount: string) => post('/deals', {
    title, pipelineId: pipeline.id, stageId: pipeline.stages[stage]!.id, contactId: contact.id,
    amount: { amount, currency: 'EUR' }, expectedCloseDate: '2027-03-31',
  });
  await deal('Wartungsvertrag Abendröth GmbH', 1, '12500.00');
  await deal('Schulung Außendienst', 0, '3400.50');
  await deal('Lizenzerweiterung Müller & Söhne', 2, '48000.00');
  await post('/tasks', {
    title: 'Angebot für Jürgen Abendröth nachfassen', priority: 'high',
    dueAt: new Date(Date.now() + 24 * 3600_000).toISOString(), contactIds: [contact.id],
  });
  await post('/tasks', { title: 'Rückruf wegen Lieferung', dueAt: new Date(Date.now() - 26 * 3600_000).toISOString() });
  await post('/activities', {
    type: 'call', direction: 'outbound', subject: 'Gespräch über Wartungsvertrag',
    body: 'Wünscht ein Angebot bis Freitag.', contactIds: [contact.id],
  });

  await signIn(page, '/contacts');
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);

    await page.goto('/contacts');
    await expect(page.getByRole('heading', { name: 'Kontakte' })).toBeVisible();
    await expect(page.getByText('Jürgen Abendröth').first()).toBeVisible();
    await shoot(page, 'contacts', size);

    await page.goto(`/contacts/${contact.id}`);
    await expect(page.getByTestId('contact-header').getByRole('heading', { name: /Jürgen Abendröth/ })).toBeVisible();
    await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Gespräch über Wartungsvertrag' })).toBeVisible();
    await shoot(page, 'customer', size);

    await page.goto(`/deals?pipeline=${pipeline.id}`);
    await expect(page.getByRole('heading', { name: 'Verkaufschancen' })).toBeVisible();
    await expect(page.getByTestId('deal-card').filter({ hasText: 'Wartungsvertrag Abendröth GmbH' })).toBeVisible();
    await shoot(page, 'deals', size);

    await page.goto('/tasks');
    await expect(page.getByRole('heading', { name: 'Meine Aufgaben' })).toBeVisible();
    await expect(page.getByTestId('task-row').filter({ hasText: 'Angebot für Jürgen Abendröth nachfassen' })).toBeVisible();
    await shoot(page, 'tasks', size);
  }
});
