// Screenshots of the main pages for the README (docs/screenshots/<page>-<desktop|phone>.png),
// in German, at desktop and phone size. They are taken in a workspace of their own, filled by
// `farley demo` (realistic data, and nothing the other browser tests create at the same
// time), plus records seeded here through the API; each page's content is asserted, so a
// broken page fails here instead of ending up in the docs.
import type { Page } from '@playwright/test';
import iconv from 'iconv-lite';
import { test, expect, signIn, apiAs, berlin, demoAccount } from './fixtures.ts';

interface Contact {
  id: string;
  firstName: string;
  lastName: string;
}
interface Pipeline {
  id: string;
  stages: { id: string; name: string }[];
}

test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
// One test seeds once and visits many pages at two sizes: more than the default budget.
test.describe.configure({ mode: 'serial', timeout: 300_000 });

let credentials: { email: string; password: string };
test.beforeAll(() => {
  credentials = demoAccount();
});

const sizes = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

async function shoot(page: Page, name: string, size: keyof typeof sizes) {
  // Let fonts and lazy chunks settle so the picture shows the finished page.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `docs/screenshots/${name}-${size}.png`, animations: 'disabled', caret: 'hide' });
}

test('screenshots of the main pages in German at desktop and phone size', async ({ page, request }) => {
  const { post } = await apiAs(request, credentials);
  // Last names early in the alphabet so the list's first page shows them.
  const contact = await post<Contact>('/contacts', {
    salutation: 'Herr',
    firstName: 'Jürgen',
    lastName: 'Abendröth',
    jobTitle: 'Geschäftsführer',
    emails: [{ email: 'j.abendroeth@example.de', primary: true }],
    phones: [{ number: '030 1234567', label: 'office' }],
    lifecycleStage: 'customer',
  });
  const albers = await post<Contact>('/contacts', {
    salutation: 'Frau',
    firstName: 'Sabine',
    lastName: 'Albers',
    jobTitle: 'Einkauf',
    emails: [{ email: 's.albers@example.de', primary: true }],
    phones: [{ number: '089 7654321', label: 'mobile' }],
  });
  // Without an address of her own: the list shows her company's city, marked as such.
  const haustechnik = await post<{ id: string }>('/companies', {
    name: 'Albers Haustechnik GmbH',
    addresses: [{ street: 'Sendlinger Straße 12', postalCode: '80331', city: 'München', primary: true }],
  });
  await post(`/contacts/${albers.id}/affiliations`, { companyId: haustechnik.id, isPrimary: true });
  await post<Contact>('/contacts', {
    salutation: 'Frau',
    firstName: 'Zoë',
    lastName: 'Abt',
    jobTitle: 'Buchhaltung',
    emails: [{ email: 'zoe.abt@example.de', primary: true }],
  });
  const pipeline = await post<Pipeline>('/pipelines', {
    name: 'Projektgeschäft',
    stages: [
      { name: 'Erstkontakt', probability: 10, kind: 'open' },
      { name: 'Angebot', probability: 50, kind: 'open' },
      { name: 'Verhandlung', probability: 75, kind: 'open' },
      { name: 'Gewonnen', probability: 100, kind: 'won' },
      { name: 'Verloren', probability: 0, kind: 'lost' },
    ],
  });
  const company = await post<{ id: string }>('/companies', { name: 'Abendröth GmbH' });
  const reasons = (await (await request.get('/api/v1/lost-reasons')).json()) as { data: { id: string; key: string }[] };
  const deal = (title: string, stage: number, amount: string, more: Record<string, unknown> = {}) =>
    post<{ id: string }>('/deals', {
      title,
      pipelineId: pipeline.id,
      stageId: pipeline.stages[stage]!.id,
      companyId: company.id,
      contactId: contact.id,
      amount: { amount, currency: 'EUR' },
      expectedCloseDate: '2027-03-31',
      ...more,
    });
  const maintenance = await deal('Wartungsvertrag Abendröth GmbH', 1, '12500.00');
  // A close date already passed and no task planned: the card warns of both.
  await deal('Schulung Außendienst', 0, '3400.50', { companyId: null, expectedCloseDate: '2026-01-15' });
  await deal('Lizenzerweiterung Müller & Söhne', 2, '48000.00', { companyId: null });
  await deal('Heizungswartung Filiale Nord', 4, '2900.00', {
    lostReasonId: reasons.data.find((reason) => reason.key === 'competitor')?.id,
    lostReason: 'Günstigeres Angebot eines regionalen Betriebs',
  });
  await post('/tasks', {
    title: 'Angebot für Jürgen Abendröth nachfassen',
    priority: 'high',
    dueAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    contactIds: [contact.id],
    dealIds: [maintenance.id],
  });
  await post('/tasks', { title: 'Rückruf wegen Lieferung', dueAt: new Date(Date.now() - 26 * 3600_000).toISOString() });
  await post('/activities', {
    type: 'call',
    direction: 'outbound',
    subject: 'Gespräch über Wartungsvertrag',
    body: 'Wünscht ein Angebot bis Freitag.',
    outcome: 'reached',
    durationMinutes: 12,
    contactIds: [contact.id],
  });
  // His firm, with a deal of its own: the contact page shows it beside his.
  const firm = await post<{ id: string }>('/companies', { name: 'Abendröth GmbH', industry: 'Maschinenbau' });
  await post(`/contacts/${contact.id}/affiliations`, { companyId: firm.id, buyingRole: 'decision_maker' });
  await post('/deals', {
    title: 'Ersatzteilpaket Werk Spandau',
    pipelineId: pipeline.id,
    stageId: pipeline.stages[1]!.id,
    companyId: firm.id,
    amount: { amount: '7800.00', currency: 'EUR' },
  });

  await signIn(page, '/contacts', credentials);
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);

    await page.goto('/contacts');
    await expect(page.getByRole('heading', { name: 'Kontakte' })).toBeVisible();
    await expect(page.getByRole('grid').getByRole('row').nth(8)).toBeVisible();
    await expect(page.getByTestId('list-total')).toBeVisible();
    await shoot(page, 'contacts', size);

    await page.goto(`/contacts/${contact.id}`);
    await expect(page.getByTestId('contact-header').getByRole('heading', { name: /Jürgen Abendröth/ })).toBeVisible();
    await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Gespräch über Wartungsvertrag' })).toContainText(
      'Erreicht',
    );
    await expect(page.getByTestId('company-deals')).toContainText('Ersatzteilpaket Werk Spandau');
    await shoot(page, 'customer', size);

    await page.goto(`/deals?pipeline=${pipeline.id}`);
    await expect(page.getByRole('heading', { name: 'Verkaufschancen' })).toBeVisible();
    await expect(page.getByTestId('deal-card').filter({ hasText: 'Wartungsvertrag Abendröth GmbH' })).toBeVisible();
    await shoot(page, 'deals', size);

    await page.goto('/companies');
    await expect(page.getByRole('heading', { name: 'Firmen' })).toBeVisible();
    await expect(page.getByRole('grid').getByRole('row').nth(8)).toBeVisible();
    await expect(page.getByTestId('list-total')).toBeVisible();
    await shoot(page, 'companies', size);

    await page.goto('/activities');
    await expect(page.getByRole('heading', { name: 'Aktivitäten' })).toBeVisible();
    await expect(page.getByTestId('activity-row').nth(5)).toBeVisible();
    await shoot(page, 'activities', size);

    await page.goto('/tasks');
    await expect(page.getByRole('heading', { name: 'Aufgaben', exact: true })).toBeVisible();
    await expect(
      page.getByTestId('task-row').filter({ hasText: 'Angebot für Jürgen Abendröth nachfassen' }),
    ).toBeVisible();
    await shoot(page, 'tasks', size);

    // The start page, with the customer opened above among the recently viewed.
    await page.goto('/today');
    await expect(page.getByRole('heading', { name: 'Heute', exact: true })).toBeVisible();
    await expect(page.getByTestId('today-task').first()).toBeVisible();
    await expect(page.getByTestId('today-recent-record').filter({ hasText: 'Jürgen Abendröth' })).toBeVisible();
    await expect(page.getByTestId('today-stuck-deal').first()).toBeVisible();
    await shoot(page, 'today', size);
  }
});

test('screenshots of the company page and the deal page in German at desktop and phone size', async ({
  page,
  request,
}) => {
  const { post, headers } = await apiAs(request, credentials);
  const company = await post<{ id: string; name: string }>('/companies', {
    name: 'Abendröth Haustechnik',
    legalForm: 'GmbH',
    industry: 'Sanitär und Heizung',
    website: 'abendroeth-haustechnik.de',
    emails: [{ email: 'info@abendroeth-haustechnik.de', primary: true }],
    phones: [{ number: '030 1234560', label: 'Zentrale' }],
    addresses: [{ street: 'Kastanienallee 12', postalCode: '10435', city: 'Berlin', country: 'DE', primary: true }],
  });
  const people = [
    {
      salutation: 'Herr',
      firstName: 'Jürgen',
      lastName: 'Abendröth',
      jobTitle: 'Geschäftsführer',
      buyingRole: 'decision_maker',
    },
    { salutation: 'Frau', firstName: 'Sabine', lastName: 'Albers', jobTitle: 'Einkauf', buyingRole: 'buyer' },
    { salutation: 'Herr', firstName: 'Tim', lastName: 'Arslan', jobTitle: 'Bauleitung', buyingRole: 'user' },
  ];
  const contacts: Contact[] = [];
  for (const { jobTitle, buyingRole, ...person } of people) {
    const contact = await post<Contact>('/contacts', { ...person, lifecycleStage: 'customer' });
    await post(`/contacts/${contact.id}/affiliations`, { companyId: company.id, jobTitle, buyingRole });
    contacts.push(contact);
  }
  const pipeline = await post<Pipeline>('/pipelines', {
    name: 'Wartung und Service',
    stages: [
      { name: 'Erstkontakt', probability: 10, kind: 'open' },
      { name: 'Angebot', probability: 50, kind: 'open' },
      { name: 'Verhandlung', probability: 75, kind: 'open' },
      { name: 'Gewonnen', probability: 100, kind: 'won' },
    ],
  });
  const deal = await post<{ id: string; version: number }>('/deals', {
    title: 'Heizungsmodernisierung Bürohaus',
    pipelineId: pipeline.id,
    stageId: pipeline.stages[0]!.id,
    companyId: company.id,
    contactId: contacts[0]!.id,
    amount: { amount: '86400.00', currency: 'EUR' },
    expectedCloseDate: '2027-04-30',
  });
  await post('/deals', {
    title: 'Wartungsvertrag 2027',
    pipelineId: pipeline.id,
    stageId: pipeline.stages[3]!.id,
    companyId: company.id,
    amount: { amount: '9600.00', currency: 'EUR' },
  });
  const moved = await request.patch(`/api/v1/deals/${deal.id}`, {
    headers: { ...headers, 'if-match': `"${deal.version}"` },
    data: { stageId: pipeline.stages[1]!.id },
  });
  expect(moved.status()).toBe(200);
  await post('/activities', {
    type: 'meeting',
    direction: 'outbound',
    subject: 'Begehung Heizungskeller',
    body: 'Kessel von 1998, Angebot für Wärmepumpe gewünscht.',
    contactIds: [contacts[0]!.id],
    companyIds: [company.id],
    dealIds: [deal.id],
    occurredAt: new Date(Date.now() - 2 * 86400_000).toISOString(),
  });
  await post('/activities', {
    type: 'call',
    direction: 'inbound',
    subject: 'Rückfrage zum Angebot',
    outcome: 'reached',
    durationMinutes: 8,
    contactIds: [contacts[1]!.id],
    dealIds: [deal.id],
  });
  await post('/tasks', {
    title: 'Angebot Wärmepumpe erstellen',
    priority: 'high',
    dueAt: new Date(Date.now() + 2 * 86400_000).toISOString(),
    companyIds: [company.id],
    dealIds: [deal.id],
  });

  await signIn(page, `/companies/${company.id}`, credentials);
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);

    await page.goto(`/companies/${company.id}`);
    await expect(page.getByTestId('company-header').getByRole('heading', { name: company.name })).toBeVisible();
    await expect(page.getByTestId('company-person')).toHaveCount(3);
    await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Rückfrage zum Angebot' })).toBeVisible();
    await expect(page.getByTestId('record-deal')).toHaveCount(2);
    await shoot(page, 'company', size);

    await page.goto(`/deals/${deal.id}`);
    await expect(
      page.getByTestId('deal-header').getByRole('heading', { name: 'Heizungsmodernisierung Bürohaus' }),
    ).toBeVisible();
    await expect(page.getByTestId('stage-change')).toHaveCount(2);
    await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Begehung Heizungskeller' })).toBeVisible();
    await expect(page.getByTestId('record-task')).toHaveCount(1);
    await shoot(page, 'deal', size);
  }
});

test('screenshots of a record form and the trash in German at desktop and phone size', async ({ page, request }) => {
  const { post, headers } = await apiAs(request, credentials);
  const company = await post<{ id: string }>('/companies', {
    name: 'Bäckerei Schröder GmbH',
    legalForm: 'GmbH',
    industry: 'Lebensmittelhandwerk',
    employeeCount: 42,
    annualRevenue: { amount: '3250000.00', currency: 'EUR' },
    website: 'www.baeckerei-schroeder.de',
    vatId: 'DE123456789',
    emails: [{ email: 'info@baeckerei-schroeder.de', label: 'Zentrale', primary: true }],
    phones: [{ number: '0711 2233445', label: 'Büro', primary: true }],
    addresses: [{ street: 'Königstraße 12', postalCode: '70173', city: 'Stuttgart', country: 'DE', primary: true }],
    tags: ['Filialist', 'Messe 2026'],
  });
  const trashed = [
    await post<{ id: string }>('/contacts', { salutation: 'Herr', firstName: 'Björn', lastName: 'Äbelmann' }),
    await post<{ id: string }>('/contacts', { salutation: 'Frau', firstName: 'Doris', lastName: 'Übermuth' }),
  ];
  for (const contact of trashed) {
    expect((await request.delete(`/api/v1/contacts/${contact.id}`, { headers })).status()).toBe(204);
  }

  await signIn(page, '/contacts', credentials);
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);

    await page.goto(`/companies/${company.id}/edit`);
    // A full page load on a busy machine can take longer than the default wait.
    await expect(page.getByRole('heading', { name: 'Firma bearbeiten' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('textbox', { name: /^Name/ })).toHaveValue('Bäckerei Schröder GmbH');
    await shoot(page, 'company-form', size);

    await page.goto('/trash');
    await expect(page.getByRole('heading', { name: 'Papierkorb' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('trash-row').filter({ hasText: 'Doris Übermuth' })).toBeVisible();
    await expect(page.getByTestId('trash-row').filter({ hasText: 'Björn Äbelmann' })).toContainText('von');
    await shoot(page, 'trash', size);
  }
});

test('screenshots of the duplicates page and the merge dialog in German at desktop and phone size', async ({
  page,
  request,
}) => {
  const { post, headers } = await apiAs(request, credentials);
  // The same customer entered twice, once from a trade fair list and once by hand.
  await post('/contacts', {
    salutation: 'Frau',
    firstName: 'Katharina',
    lastName: 'Schäfer',
    jobTitle: 'Leiterin Einkauf',
    emails: [{ email: 'k.schaefer@stadtwerke-freiburg.de', primary: true }],
    phones: [{ number: '0761 2791234', label: 'Büro', primary: true }],
    addresses: [
      { street: 'Ferdinand-Weiß-Straße 15', postalCode: '79106', city: 'Freiburg im Breisgau', primary: true },
    ],
    source: 'Messe',
  });
  await post('/contacts', {
    salutation: 'Frau',
    firstName: 'Katharina',
    lastName: 'Schaefer',
    emails: [{ email: 'K.Schaefer@stadtwerke-freiburg.de', primary: true }],
    phones: [{ number: '+49 761 2791234' }, { number: '0171 5538821', label: 'Mobil' }],
  });
  await post('/companies', { name: 'Stadtwerke Freiburg GmbH', website: 'www.stadtwerke-freiburg.de' });
  await post('/companies', { name: 'Stadtwerke Freiburg', website: 'stadtwerke-freiburg.de' });
  for (const type of ['contacts', 'companies']) {
    const scan = await request.post('/api/v1/duplicates/scan', { headers, data: { type } });
    expect(scan.ok(), await scan.text()).toBe(true);
  }
  // The scan runs in the background: wait for its pair.
  await expect
    .poll(
      async () => {
        const list = await (await request.get('/api/v1/duplicates?type=contacts')).json();
        return JSON.stringify(list.pairs ?? []);
      },
      { timeout: 60_000 },
    )
    .toContain('Schaefer');

  await signIn(page, '/duplicates', credentials);
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);
    await page.goto('/duplicates');
    await expect(page.getByRole('heading', { name: 'Dubletten' })).toBeVisible({ timeout: 30_000 });
    const pair = page.getByTestId('duplicate-pair').filter({ hasText: 'Katharina Schaefer' });
    await expect(pair).toContainText('gleiche E-Mail-Adresse');
    await expect(pair.getByTestId('duplicate-score')).toHaveText(/\d+ % Übereinstimmung/);
    await shoot(page, 'duplicates', size);

    await pair.getByRole('button', { name: 'Zusammenführen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Zusammenführen' });
    await expect(dialog.getByTestId('merge-field-lastName')).toContainText('Schäfer');
    await expect(dialog.getByTestId('merge-moves')).toContainText('Wird übertragen');
    await shoot(page, 'merge-dialog', size);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  }

  // The data-quality overview of the demo workspace, with the open pairs of the scan above
  // (the demo's own twins among them: Müller and Mueller, swapped names, a typo in an email).
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);
    await page.goto('/data-quality');
    await expect(page.getByRole('heading', { name: 'Datenqualität' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('quality-duplicates')).toContainText(/\d+/);
    await expect(page.getByTestId('quality-contacts')).toBeVisible();
    await expect(page.getByTestId('quality-companies')).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'data-quality', size);
  }
});

test('screenshots of an import, its mapping and its result, in German at desktop and phone size', async ({ page }) => {
  // A customer list as Excel in Germany saves it: Windows-1252, semicolons, German headers.
  const rows = [
    'Anrede;Vorname;Nachname;Firma;Straße;Hausnummer;PLZ;Ort;E-Mail;Telefon;Kundennummer',
    'Herr;Thomas;Brückner;Brückner Elektrotechnik GmbH;Bahnhofstraße;14;04109;Leipzig;t.brueckner@brueckner-elektro.de;0341 2258190;10482',
    'Frau;Claudia;Hoffmann;Hoffmann & Partner Steuerberater;Schillerstraße;3a;01069;Dresden;c.hoffmann@hoffmann-partner.de;0351 4471230;10483',
    'Herr;Mehmet;Yilmaz;Yilmaz Fliesen;Karl-Marx-Allee;88;10243;Berlin;info@yilmaz-fliesen.de;030 29367714;10484',
    'Frau;Ute;Kästner;Kästner Gartenbau;Am Mühlgraben;7;99084;Erfurt;ute.kaestner@kaestner-gartenbau;0361 6543210;10485',
    'Herr;Stefan;Wagner;Wagner Landmaschinen KG;Dorfstraße;21;39326;Wolmirstedt;s.wagner@wagner-landmaschinen.de;039201 55012;10486',
  ];
  const buffer = iconv.encode(`${rows.join('\r\n')}\r\n`, 'windows-1252');

  await signIn(page, '/imports/new', credentials);
  await page.setViewportSize(sizes.desktop);
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: 'Kundenliste Messe.csv', mimeType: 'text/csv', buffer });
  await expect(page.getByTestId('import-detected')).toContainText('11 Spalten');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByTestId('mapping-joined').first()).toHaveText('verbunden: Straße + Hausnummer');
  await page.getByTestId('constant-tags').fill('Messe 2026');
  await page.getByTestId('constant-tags').blur();
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);
    await expect(page.getByRole('combobox', { name: 'Feld für Spalte „Vorname“' })).toHaveValue('Vorname');
    // The picture starts at the top of the step, whatever the typing above scrolled to.
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'import-mapping', size);
  }
  await page.setViewportSize(sizes.desktop);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByTestId('preview-row')).toHaveCount(5);
  await page.getByRole('button', { name: 'Import starten' }).click();
  await expect(page.getByTestId('import-finished')).toBeVisible();
  await expect(page.getByTestId('import-created')).toContainText('4');
  await expect(page.getByTestId('import-error')).toHaveCount(1);
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);
    await expect(page.getByRole('button', { name: 'Rückgängig machen' })).toBeVisible();
    await shoot(page, 'import', size);
  }
});

test('screenshots of the team calendar in German at desktop and phone size', async ({ page, request }) => {
  const { post } = await apiAs(request, credentials);
  const users = (
    (await (await request.get('/api/v1/users?limit=10')).json()) as { data: { id: string; name: string }[] }
  ).data;
  const me = ((await (await request.get('/api/v1/auth/me')).json()) as { user: { id: string } }).user;
  const team = [me.id, ...users.filter((user) => user.id !== me.id).map((user) => user.id)].slice(0, 4);
  await post('/teams', { name: 'Außendienst Süd', memberIds: team });
  const customers = (
    (await (await request.get('/api/v1/contacts?limit=6')).json()) as { data: { id: string }[] }
  ).data.map((contact) => contact.id);

  // Next week, so that the picture is a full week of plans whatever day it is taken on.
  const monday = new Date();
  monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = (offset: number) => {
    const date = new Date(monday);
    date.setDate(date.getDate() + offset);
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  };
  const at = (offset: number, time: string) => berlin(day(offset), time);
  const plans: Array<[number, string, string, string, number, string | null]> = [
    [0, '09:00', '09:30', 'Jour fixe Vertrieb', 0, 'FREQ=WEEKLY;COUNT=12'],
    [0, '11:00', '12:30', 'Angebotsbesprechung Bäckerei Schröder', 1, null],
    [0, '14:00', '15:00', 'Kundentermin Hansen Logistik', 2, null],
    [1, '10:00', '11:30', 'Werksbesichtigung Augsburg', 3, null],
    [1, '15:00', '16:00', 'Vertragsverhandlung Stadtwerke Ulm', 1, null],
    [2, '08:30', '10:00', 'Messevorbereitung Intralogistik', 2, null],
    [3, '09:30', '11:00', 'Jahresgespräch Kaufhaus Lenz', 3, null],
    [4, '10:00', '11:00', 'Referenzbesuch Druckerei Vogt', 2, null],
    [4, '13:30', '14:30', 'Wochenabschluss Pipeline', 0, null],
  ];
  for (const [offset, from, to, title, owner, rrule] of plans) {
    await post('/appointments', {
      title,
      startsAt: at(offset, from),
      endsAt: at(offset, to),
      ownerId: team[owner % team.length],
      rrule,
      attendees: customers.length > offset ? [{ contactId: customers[offset] }] : [],
      location: title.includes('online') ? 'https://meet.example.de/vorfuehrung' : null,
    });
  }

  await signIn(page, '/today', credentials);
  for (const size of ['desktop', 'phone'] as const) {
    await page.setViewportSize(sizes[size]);
    await page.goto(`/calendar?who=team&date=${day(0)}${size === 'phone' ? '&view=day' : ''}`);
    await expect(page.getByRole('heading', { name: 'Kalender', exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('calendar-entry').filter({ hasText: 'Jour fixe Vertrieb' })).toBeVisible();
    await expect(page.getByTestId('calendar-legend')).toBeVisible();
    await shoot(page, 'calendar', size);
  }
});

test('screenshot of the phone setup page in German', async ({ page }) => {
  await signIn(page, '/phones', credentials);
  await page.setViewportSize(sizes.desktop);
  await expect(page.getByRole('heading', { name: 'Adressbuch und Kalender auf dem Handy' })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByLabel('Gerät').fill('iPhone Vertrieb Süd');
  await page.getByRole('button', { name: 'App-Passwort erstellen' }).click();
  await expect(page.getByTestId('new-app-password')).toBeVisible();
  await expect(page.getByTestId('app-passwords')).toContainText('iPhone Vertrieb Süd');
  await shoot(page, 'phones', 'desktop');
});

test('screenshot of the access rights page in German', async ({ page }) => {
  await signIn(page, '/access', credentials);
  await page.setViewportSize(sizes.desktop);
  await expect(page.getByRole('heading', { name: 'Zugriffsrechte' })).toBeVisible({ timeout: 30_000 });
  // A typical setup, shown before saving: sales reps see their team's customers and deals,
  // partners no birthdays and no annual revenue.
  const choose = async (name: string, option: string) => {
    await page.getByRole('combobox', { name }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };
  await choose('Vertrieb · Kontakte: sieht', 'des Teams');
  await choose('Vertrieb · Verkaufschancen: sieht', 'des Teams');
  await choose('Vertrieb · Verkaufschancen: ändert', 'eigene');
  await choose('Partner · Kontakt: Geburtstag', 'verborgen');
  await choose('Partner · Firma: Jahresumsatz', 'verborgen');
  await choose('Lesend · Firma: Potenzial', 'verborgen');
  await expect(page.getByRole('button', { name: 'Speichern' })).toBeEnabled();
  await page.getByRole('heading', { name: 'Zugriffsrechte' }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'access', 'desktop');
});

test('screenshot of the teams page in German, with a partner organisation', async ({ page, request }) => {
  const { post } = await apiAs(request, credentials);
  const users = (
    (await (await request.get('/api/v1/users?limit=50')).json()) as { data: { id: string; name: string }[] }
  ).data;
  const named = (name: string) => users.find((user) => user.name === name)!.id;
  const colleague = (name: string, role: 'agent' | 'partner', domain: string) =>
    post<{ id: string }>('/users', {
      name,
      role,
      email: `${name.toLowerCase().replace(' ', '.')}-${Date.now().toString(36)}@${domain}`,
    }).then((user) => user.id);
  const south = [await colleague('Lukas Brandl', 'agent', 'farley.example')];
  south.push(await colleague('Sabine Hofer', 'agent', 'farley.example'));
  // The demo's own team, Vertrieb Innendienst, is there already.
  await post('/teams', {
    name: 'Vertrieb Süd',
    description: 'Außendienst Bayern und Baden-Württemberg',
    memberIds: [named('Björn Gößwein'), named('Jürgen Schäfer'), named('Özlem Krüger'), ...south],
  });
  await post('/teams', {
    name: 'Autohaus Keller GmbH',
    description: 'Vertragshändler in Augsburg: bekommt die Leads aus Schwaben',
    partner: true,
    memberIds: [
      await colleague('Stefan Keller', 'partner', 'autohaus-keller.example'),
      await colleague('Petra Huber', 'partner', 'autohaus-keller.example'),
    ],
  });

  await signIn(page, '/teams', credentials);
  await page.setViewportSize(sizes.desktop);
  await expect(page.getByRole('heading', { name: 'Teams', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('team-row').filter({ hasText: 'Vertrieb Innendienst' })).toBeVisible();
  await expect(page.getByTestId('team-row').filter({ hasText: 'Vertrieb Süd' })).toContainText('+2');
  await expect(
    page.getByTestId('team-row').filter({ hasText: 'Autohaus Keller GmbH' }).getByTestId('partner-badge'),
  ).toHaveText('Partnerorganisation');
  await shoot(page, 'teams', 'desktop');
});

test('screenshot of the two-factor setup in German', async ({ page }) => {
  await signIn(page, '/account', credentials);
  await page.setViewportSize(sizes.desktop);
  await expect(page.getByRole('heading', { name: 'Zwei-Faktor-Anmeldung', exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click();
  await page.getByTestId('two-factor-start').click();
  await expect(page.getByRole('img', { name: 'QR-Code für die Authenticator-App' })).toBeVisible();
  await expect(page.getByTestId('two-factor-rule-card')).toBeVisible();
  await shoot(page, 'two-factor-setup', 'desktop');
});
