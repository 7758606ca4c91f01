// Stored XSS under the Content-Security-Policy, in Chromium: a workspace of its own whose every
// text field shown in the app (names, titles, subjects, descriptions, notes, quote texts, view,
// report, dashboard, template, pipeline, team and user names; an email's subject, sender and
// HTML body; a mailbox's name and signature) holds markup that would run script if the app put
// it into the page as HTML. Each page that shows them is visited: no script ran
// (window.__xss stays undefined), no dialog opened, no Content-Security-Policy violation
// happened, and the markup is shown as the text it is. A hostile next= after sign-in, and
// returnTo= after creating a contact, stay on Farley.
import { execFileSync } from 'node:child_process';
import type { APIRequestContext, Page } from '@playwright/test';
import { startMailServers, type MailServers } from '../../src/server/testing/mail.ts';
import { allowConsoleErrors, apiAs, berlin, expect, signIn, signInWithForm, test, unique } from './fixtures.ts';

/** Markup that runs script if it ever becomes HTML: an image, a script, a broken-out attribute, an SVG. */
const hostile = (label: string) =>
  `${label} <img src=x onerror=__xss=1><script>__xss=1</script>"'><svg onload=__xss=1>`;
/** The part of every payload that shows it arrived as text. */
const literal = (label: string) => `${label} <img src=x onerror=`;

type Watched = Window & { __xss?: unknown; cspViolations?: string[] };
type Api = Awaited<ReturnType<typeof apiAs>>;

const suffix = unique();
const account = { email: `xss-${suffix}@farley.example`, password: 'ein langes Passwort' };
const ids: Record<string, string> = {};
const today = new Date().toISOString().slice(0, 10);

test.describe.configure({ mode: 'serial', timeout: 240_000 });

/** A new workspace with its admin, made by the farley command (as a new user makes one). */
function newWorkspace() {
  execFileSync(
    process.execPath,
    [
      'bin/farley.js',
      'workspace',
      'create',
      '--name',
      hostile('Arbeitsbereich'),
      '--admin-email',
      account.email,
      '--admin-password',
      account.password,
    ],
    {
      env: { ...process.env, DATABASE_URL: process.env.FARLEY_E2E_DATABASE_URL, FARLEY_JOBS: '0', FARLEY_DEMO: '0' },
      encoding: 'utf8',
    },
  );
}

async function seed(request: APIRequestContext): Promise<Api> {
  const api = await apiAs(request, account);
  const post = async (path: string, data: unknown) => (await api.post<{ id: string }>(path, data)).id;
  const me = (await (await request.get('/api/v1/auth/me')).json()) as { user: { id: string } };
  const patched = await request.patch(`/api/v1/users/${me.user.id}`, {
    headers: api.headers,
    data: { name: hostile('Admin') },
  });
  expect(patched.ok(), await patched.text()).toBe(true);
  ids.user = await post('/users', {
    email: `kollegin-${suffix}@farley.example`,
    name: hostile('Kollegin'),
    role: 'agent',
    password: 'ein langes Passwort',
  });
  ids.team = await post('/teams', { name: hostile('Team'), memberIds: [ids.user] });
  ids.pipeline = await post('/pipelines', {
    name: hostile('Pipeline'),
    stages: [
      { name: hostile('Stufe'), probability: 20, kind: 'open' },
      { name: 'Gewonnen', probability: 100, kind: 'won' },
      { name: 'Verloren', probability: 0, kind: 'lost' },
    ],
  });
  ids.lostReason = await post('/lost-reasons', { name: hostile('Verlustgrund') });
  ids.company = await post('/companies', {
    name: hostile('Firma'),
    industry: hostile('Branche'),
    website: 'evil.example/"><img/src=x/onerror=__xss=1>',
    description: hostile('Firmenbeschreibung'),
    tags: ['<b>tag</b>'],
    addresses: [{ street: hostile('Straße'), postalCode: '10115', city: hostile('Ort'), country: 'DE' }],
  });
  ids.contact = await post('/contacts', {
    firstName: hostile('Vorname'),
    lastName: hostile('Nachname'),
    jobTitle: hostile('Position'),
    emails: [{ email: `kunde-${suffix}@kunde.example` }],
    phones: [{ number: '030 1234567' }],
  });
  await post(`/contacts/${ids.contact}/affiliations`, { companyId: ids.company, jobTitle: hostile('Rolle') });
  // A near twin, for the duplicates page.
  ids.twin = await post('/contacts', {
    firstName: hostile('Vorname'),
    lastName: hostile('Nachname'),
    emails: [{ email: `kunde-${suffix}@kunde.example` }],
  });
  const trashed = await post('/contacts', { lastName: hostile('Papierkorb') });
  const removed = await request.delete(`/api/v1/contacts/${trashed}`, { headers: api.headers });
  expect(removed.ok(), await removed.text()).toBe(true);
  ids.deal = await post('/deals', {
    title: hostile('Deal'),
    companyId: ids.company,
    contactId: ids.contact,
    pipelineId: ids.pipeline,
    amount: { amount: '5000.00', currency: 'EUR' },
  });
  ids.task = await post('/tasks', {
    title: hostile('Aufgabe'),
    description: hostile('Aufgabenbeschreibung'),
    dueAt: berlin(today, '09:00'),
    assigneeId: me.user.id,
    contactIds: [ids.contact],
  });
  ids.activity = await post('/activities', {
    type: 'note',
    subject: hostile('Notiz'),
    body: hostile('Notiztext'),
    contactIds: [ids.contact],
    companyIds: [ids.company],
    dealIds: [ids.deal],
  });
  ids.appointment = await post('/appointments', {
    title: hostile('Termin'),
    location: hostile('Ort des Termins'),
    description: hostile('Terminbeschreibung'),
    startsAt: berlin(today, '10:00'),
    endsAt: berlin(today, '11:00'),
    attendees: [{ contactId: ids.contact }],
  });
  ids.product = await post('/products', {
    sku: `XSS-${suffix}`,
    name: hostile('Produkt'),
    description: hostile('Produktbeschreibung'),
    unit: 'piece',
    listPrice: '10.00',
    productGroup: hostile('Gruppe'),
  });
  ids.priceList = await post('/price-lists', { name: hostile('Preisliste'), discountPercent: '5' });
  ids.quote = await post('/quotes', {
    subject: hostile('Angebot'),
    companyId: ids.company,
    contactId: ids.contact,
    introduction: hostile('Einleitung'),
    closing: hostile('Schluss'),
    lines: [
      { kind: 'heading', text: hostile('Überschrift') },
      {
        kind: 'item',
        name: hostile('Position'),
        description: hostile('Positionstext'),
        quantity: '1',
        unitPrice: '10.00',
        vatRate: '19',
      },
      { kind: 'text', text: hostile('Freitext') },
    ],
  });
  ids.order = await post('/orders', {
    companyId: ids.company,
    orderDate: today,
    externalNumber: `<b>${suffix}</b>`,
    lines: [{ name: hostile('Bestellposition'), quantity: '1', unitPrice: '10.00', vatRate: '19' }],
  });
  ids.report = await post('/reports', {
    name: hostile('Bericht'),
    shared: true,
    definition: { type: 'companies', measures: [{ fn: 'count' }], groups: [{ field: 'name' }], chart: 'table' },
  });
  ids.dashboard = await post('/dashboards', {
    name: hostile('Dashboard'),
    shared: true,
    tiles: [{ reportId: ids.report }],
  });
  ids.view = await post('/views', {
    resource: 'contacts',
    name: hostile('Sicht'),
    shared: true,
    config: { columns: ['lastName', 'firstName'], sort: null, filters: [] },
  });
  ids.template = await post('/email-templates', {
    name: hostile('Vorlage'),
    scope: 'workspace',
    subject: hostile('Betreff'),
    body: `<p>${hostile('Vorlagentext').replace(/</g, '&lt;')}</p><p><img src=x onerror=window.__xss=1><script>window.__xss=1</script><a href="javascript:window.__xss=1">Link</a></p>`,
  });
  return api;
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as Watched).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
});

// While Playwright watches a page, Chromium reports each script it may not run in the sandboxed
// frames of a message or a template preview (its own helpers; a plain browser reports nothing):
// the sandbox at work, as in emails.spec.ts. The payload itself must be gone before that: the
// message's frame is checked for every element and attribute that could run.
test.afterEach(({ consoleErrors }) => {
  allowConsoleErrors(
    consoleErrors,
    /Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/,
  );
});

const dialogs: string[] = [];

/** Nothing ran: no script, no dialog, no violation of the policy. */
async function expectNothingRan(page: Page) {
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as Watched).__xss)).toBeUndefined();
  expect(await page.evaluate(() => (window as Watched).cspViolations ?? [])).toEqual([]);
  expect(dialogs).toEqual([]);
  // None of the payload became an element.
  expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a payload shows: as text, or as the value of a field (a picker, a title being edited). */
function shown(page: Page, label: string) {
  return page
    .getByText(literal(label))
    .or(page.locator(`input[value^="${literal(label)}"], textarea:text-matches("^${escapeRegExp(literal(label))}")`))
    .first();
}

async function visit(page: Page, path: string, labels: string[]) {
  page.on('dialog', (dialog) => {
    dialogs.push(`${path}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await signIn(page, path, account);
  for (const label of labels) await expect(shown(page, label)).toBeVisible();
  await expectNothingRan(page);
}

test.describe('every text field, shown as text', () => {
  test.beforeAll(async ({ playwright, baseURL }) => {
    newWorkspace();
    const request = await playwright.request.newContext({ baseURL });
    try {
      await seed(request);
    } finally {
      await request.dispose();
    }
  });

  test('lists: contacts, companies, deals, tasks, activities, products, price lists, quotes, orders', async ({
    page,
  }) => {
    await visit(page, '/contacts', ['Nachname']);
    await visit(page, '/companies', ['Firma']);
    await visit(page, `/deals?pipeline=${ids.pipeline}`, ['Deal', 'Stufe', 'Pipeline']);
    await visit(page, '/tasks', ['Aufgabe']);
    await visit(page, '/activities', ['Notiz']);
    await visit(page, '/products', ['Produkt']);
    await visit(page, '/price-lists', ['Preisliste']);
    await visit(page, '/quotes', ['Angebot']);
    await visit(page, '/orders', ['Firma']);
  });

  test('the contact, company and deal pages with their timelines', async ({ page }) => {
    await visit(page, `/contacts/${ids.contact}`, ['Nachname', 'Notiz', 'Aufgabe', 'Deal']);
    await visit(page, `/companies/${ids.company}`, ['Firma', 'Branche', 'Straße', 'Notiz']);
    // The website stays one attribute value: no javascript: link, no element of its own.
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
    await visit(page, `/deals/${ids.deal}`, ['Deal', 'Notiz']);
  });

  test('today, the calendar and an appointment', async ({ page }) => {
    await visit(page, '/today', ['Aufgabe']);
    await visit(page, '/calendar', ['Termin']);
    await page.getByText(literal('Termin')).first().click();
    await expect(page.getByTestId('appointment-details')).toContainText(literal('Ort des Termins'));
    await expect(page.getByTestId('appointment-details')).toContainText(literal('Terminbeschreibung'));
    await expectNothingRan(page);
  });

  test('a quote with its texts, a product, an order', async ({ page }) => {
    await visit(page, `/quotes/${ids.quote}`, ['Angebot', 'Position']);
    await visit(page, `/products/${ids.product}`, ['Produkt']);
    await visit(page, `/orders/${ids.order}`, ['Bestellposition']);
  });

  test('reports, dashboards, views and templates by their names', async ({ page }) => {
    await visit(page, `/reports?report=${ids.report}`, ['Bericht', 'Firma']);
    await visit(page, `/dashboards?dashboard=${ids.dashboard}`, ['Dashboard', 'Bericht']);
    await visit(page, `/contacts?view=${ids.view}`, ['Nachname']);
    await visit(page, '/email-templates', ['Vorlage']);
    await page.getByText(literal('Vorlage')).first().click();
    await expectNothingRan(page);
  });

  test('search, lookup, duplicates, data quality, the trash and the notifications', async ({ page }) => {
    await visit(page, `/lookup?email=kunde-${suffix}%40kunde.example`, ['Nachname']);
    await visit(page, '/duplicates', []);
    await page.getByTestId('duplicates-scan').click();
    const pair = page.getByTestId('duplicate-pair').filter({ hasText: literal('Nachname') });
    await expect(pair).toBeVisible({ timeout: 30_000 });
    await pair.getByRole('button', { name: 'Merge' }).click();
    await expect(page.getByRole('dialog', { name: 'Merge' })).toContainText(literal('Vorname'));
    await expectNothingRan(page);
    await page.keyboard.press('Escape');
    await visit(page, '/data-quality', []);
    await visit(page, '/trash', ['Papierkorb']);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(page.getByText(literal('Aufgabe')).first()).toBeVisible();
    await expectNothingRan(page);
    await signIn(page, '/contacts', account);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Nachname');
    await expect(page.getByText(literal('Nachname')).first()).toBeVisible();
    await expectNothingRan(page);
  });
});

test.describe('an email from a hostile sender', () => {
  let mail: MailServers;

  test.beforeAll(async () => {
    mail = await startMailServers();
  });
  test.afterAll(async () => {
    await mail?.stop();
  });

  test('its subject, sender, body and attachment name show as text; the body runs nothing', async ({
    page,
    request,
  }) => {
    const api = await apiAs(request, account);
    const address = `postfach-${suffix}@farley.example`;
    const password = `pw-${unique()}`;
    await mail.addUser(address, password);
    await mail.append(address, 'Sent', `Subject: Ordner\r\nFrom: ${address}\r\n\r\nSent anlegen.\r\n`);
    const server = (port: number, security: 'tls' | 'none') => ({
      host: mail.imap.host,
      port,
      security,
      trustSelfSigned: security === 'tls',
      username: address,
      password,
    });
    const mailbox = await api.post<{ id: string }>('/mailboxes', {
      name: hostile('Postfach'),
      address,
      imap: server(mail.imap.tlsPort, 'tls'),
      smtp: server(mail.smtp.port, 'none'),
      signature: `<p>${hostile('Signatur').replace(/</g, '&lt;')}</p><img src=x onerror=window.__xss=1>`,
      syncSince: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
    });
    const subject = hostile('Betreff');
    const boundary = `b-${unique()}`;
    const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
    const body = `<p>${hostile('Mailtext').replace(/</g, '&lt;')}</p><img src=x onerror=window.__xss=1><script>window.__xss=1</script><svg onload=window.__xss=1></svg><iframe src="javascript:window.parent.__xss=1"></iframe><a href="javascript:window.__xss=1">klick</a><form action="https://evil.example"><button>senden</button></form>`;
    await mail.append(
      address,
      'INBOX',
      [
        `From: ${encoded(hostile('Absender'))} <kunde-${suffix}@kunde.example>`,
        `To: ${address}`,
        `Subject: ${encoded(subject)}`,
        `Date: ${new Date(Date.now() - 3_600_000).toUTCString()}`,
        `Message-ID: <xss-${suffix}@kunde.example>`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/html; charset=utf-8',
        '',
        body,
        `--${boundary}`,
        `Content-Type: text/plain; name="${encoded(hostile('Anhang'))}"`,
        `Content-Disposition: attachment; filename="${encoded(hostile('Anhang'))}"`,
        '',
        'Inhalt',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    const before = (await (await request.get(`/api/v1/mailboxes/${mailbox.id}/sync`)).json()).syncedAt;
    const started = await request.post(`/api/v1/mailboxes/${mailbox.id}/sync`, { headers: api.headers });
    expect(started.status(), await started.text()).toBe(202);
    await expect
      .poll(
        async () => {
          const now = (await (await request.get(`/api/v1/mailboxes/${mailbox.id}/sync`)).json()) as {
            state: string;
            syncedAt: string | null;
          };
          return now.state === 'idle' && now.syncedAt !== before;
        },
        { timeout: 60_000 },
      )
      .toBe(true);

    await visit(page, '/mailboxes', ['Postfach']);
    await visit(page, '/emails', ['Betreff']);
    await visit(page, `/contacts/${ids.contact}`, ['Betreff']);
    const entry = page
      .getByTestId('timeline')
      .getByTestId('timeline-entry')
      .filter({ hasText: literal('Betreff') });
    await entry.getByRole('link').first().click();
    const view = page.getByTestId('email-view');
    await expect(view.getByTestId('email-subject')).toHaveText(subject);
    await expect(view.getByTestId('email-from')).toContainText(literal('Absender'));
    await expect(view).toContainText(literal('Anhang'));
    const frame = page.frameLocator('[data-testid="email-frame"]');
    await expect(frame.getByText(literal('Mailtext'))).toBeVisible();
    // Inside the frame too: no element the sanitiser should have taken out.
    await expect(frame.locator('script, iframe, svg, form, [onerror], [onload], a[href^="javascript:"]')).toHaveCount(
      0,
    );
    await expectNothingRan(page);
    expect(
      await page
        .frames()[1]
        ?.evaluate(() => (window as Watched).__xss)
        .catch(() => undefined),
    ).toBeUndefined();
  });
});

test('after sign-in, a hostile next= stays on Farley', async ({ page, baseURL }) => {
  for (const next of [
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    'javascript:window.__xss=1',
    '%2F%2Fevil.example',
    '/\t/evil.example',
  ]) {
    await signInWithForm(page, `/sign-in?next=${encodeURIComponent(next)}`, account);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    expect(await page.evaluate(() => (window as Watched).__xss)).toBeUndefined();
  }
});

test("a new contact's hostile returnTo= leads back into Farley, not away", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const back of ['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example']) {
    await signIn(page, `/contacts/new?returnTo=${encodeURIComponent(back)}`, account);
    const form = page.getByTestId('contact-form');
    await form.getByRole('textbox', { name: /^(Last name|Nachname)/ }).fill(`Rückweg ${unique()}`);
    await form.getByRole('button', { name: /^(Create|Anlegen)$/ }).click();
    await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
    expect(new URL(page.url()).origin).toBe(origin);
  }
});

test('the API docs load no description named in their address', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (sent) => {
    if (new URL(sent.url()).hostname.endsWith('evil.example')) foreign.push(sent.url());
  });
  await page.goto(
    '/api/docs/?url=https://evil.example/openapi.json&configUrl=https://evil.example/config.json#/?url=https://evil.example/x.json',
  );
  // The docs page then asks its own server for a description it cannot render (its address is
  // built from the page's, query included): a nuisance, not a way out.
  await expect(page.getByRole('button', { name: 'Explore' })).toBeVisible();
  await expectNothingRan(page);
  expect(foreign).toEqual([]);
});
