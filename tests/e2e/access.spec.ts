// Access rights in the browser: in German, the admin hides the birthday from partners on the
// access page and saves; a partner of the dealer "Autohaus Berger" then sees only the
// customers of their partner organisation, and their customer's page shows no birthday; a
// customer they enter is theirs (owner: the partner) and stays in their list. The
// rules touch only the partner role, which no other spec uses, and are put back at the end.
import { allowConsoleErrors, apiAs, demoAccount, expect, signIn, test, unique } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

test('the admin hides a field from partners, and a partner sees only their organisation’s customers', async ({
  page,
  browser,
  consoleErrors,
}) => {
  // Two users, two browsers, a dozen pages: more than the default budget on a busy machine.
  test.setTimeout(150_000);
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const { post } = await apiAs(page.request);
  const before = await (await page.request.get('/api/v1/access-rules')).json();
  const suffix = unique();
  const password = `Autohaus-Berger-${suffix}-Zugang`;
  const partner = await post<{ id: string; email: string }>('/users', {
    email: `lena.vogt-${suffix}@autohaus-berger.example`,
    name: 'Lena Vogt',
    role: 'partner',
    password,
  });
  await post('/teams', { name: `Autohaus Berger ${suffix}`, partner: true, memberIds: [partner.id] });
  const theirs = await post<{ id: string }>('/contacts', {
    firstName: 'Jonas',
    lastName: `Brenner ${suffix}`,
    birthday: '1984-07-21',
    ownerId: partner.id,
  });
  await post('/contacts', { firstName: 'Kurt', lastName: `Anders ${suffix}`, birthday: '1975-02-11' });
  await post('/tasks', { title: `Rückruf Brenner ${suffix}`, assigneeId: partner.id, dueAt: new Date().toISOString() });
  const deal = await post<{ id: string }>('/deals', {
    title: `Probefahrt Brenner ${suffix}`,
    contactId: theirs.id,
    ownerId: partner.id,
  });

  try {
    await signIn(page, '/access');
    await expect(page.getByRole('heading', { name: 'Zugriffsrechte' })).toBeVisible();
    const birthday = page.getByRole('combobox', { name: 'Partner · Kontakt: Geburtstag' });
    await expect(birthday).toHaveValue('sichtbar');
    await birthday.click();
    await page.getByRole('option', { name: 'verborgen' }).click();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByText('Zugriffsrechte gespeichert.')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Partner · Kontakt: Geburtstag' })).toHaveValue('verborgen');
    // Partners never see more than their organisation: "alle" is not offered to them.
    await page.getByRole('combobox', { name: 'Partner · Kontakte: sieht' }).click();
    await expect(page.getByRole('option', { name: 'alle' })).toHaveCount(0);
    await page.keyboard.press('Escape');

    const context = await browser.newContext({ locale: 'de-DE' });
    const partnerPage = await context.newPage();
    // Nothing the partner's pages ask may be refused: they read only what partners may.
    const partnerErrors: string[] = [];
    partnerPage.on('console', (message) => {
      if (message.type() === 'error') partnerErrors.push(`${message.text()} (${message.location().url})`);
    });
    await partnerPage.addInitScript(() => localStorage.setItem('farley.language', 'de'));
    await signIn(partnerPage, `/contacts?q=${suffix}`, { email: partner.email, password });
    await expect(partnerPage.getByRole('link', { name: /Brenner/ })).toBeVisible();
    // Owner and assignee names come from the people they work with, not from the users list.
    await expect(partnerPage.getByRole('row', { name: /Brenner/ })).toContainText('Lena Vogt');
    await partnerPage.goto('/tasks');
    await expect(partnerPage.getByText(`Rückruf Brenner ${suffix}`)).toBeVisible();
    await expect(partnerPage.getByTestId('task-owner').first()).toContainText('Lena Vogt');
    await partnerPage.goto('/calendar');
    await expect(partnerPage.getByRole('heading', { name: 'Kalender' })).toBeVisible();
    await partnerPage.goto('/');
    await expect(partnerPage.getByText(`Rückruf Brenner ${suffix}`)).toBeVisible();
    await partnerPage.goto(`/deals/${deal.id}`);
    await expect(partnerPage.getByRole('heading', { name: `Probefahrt Brenner ${suffix}` })).toBeVisible();
    await expect(partnerPage.getByTestId('stage-history')).toBeVisible();
    await partnerPage.goto(`/contacts?q=${suffix}`);
    // Their navigation holds their customers and the work on them, nothing of settings or reports.
    const nav = partnerPage.getByRole('navigation');
    await expect(nav.getByRole('link', { name: 'Kontakte' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Berichte' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Zugriffsrechte' })).toHaveCount(0);
    await expect(partnerPage.getByText(`Anders ${suffix}`)).toHaveCount(0);
    await partnerPage.goto(`/contacts/${theirs.id}`);
    await expect(partnerPage.getByRole('heading', { name: /Jonas Brenner/ })).toBeVisible();
    await expect(partnerPage.getByText('21.07.1984')).toHaveCount(0);
    const answer = await (await partnerPage.request.get(`/api/v1/contacts/${theirs.id}`)).json();
    expect('birthday' in answer).toBe(false);
    // A customer the partner enters is theirs: it stays in their scope (and in their list).
    await partnerPage.goto('/contacts/new');
    await expect(partnerPage.getByRole('heading', { name: 'Neuer Kontakt' })).toBeVisible();
    await partnerPage.getByRole('textbox', { name: 'Vorname' }).fill('Sabine');
    await partnerPage.getByRole('textbox', { name: /^Nachname/ }).fill(`Seidel ${suffix}`);
    // Partners do not read the users: they are offered themselves as owner.
    await expect(partnerPage.getByRole('combobox', { name: 'Zuständig' })).toHaveValue('Lena Vogt');
    await partnerPage.getByRole('button', { name: 'Anlegen' }).click();
    await expect(partnerPage).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect(partnerPage.getByRole('heading', { name: /Sabine Seidel/ })).toBeVisible();
    const entered = await (
      await partnerPage.request.get(partnerPage.url().replace('/contacts/', '/api/v1/contacts/'))
    ).json();
    expect(entered.ownerId).toBe(partner.id);
    await partnerPage.goto(`/contacts?q=${suffix}`);
    await expect(partnerPage.getByRole('link', { name: /Seidel/ })).toBeVisible();
    expect(partnerErrors, 'refused requests on the partner’s pages').toEqual([]);
    await context.close();
  } finally {
    // Signing in above made a new session: its CSRF token, not the seeding one's.
    const again = await apiAs(page.request);
    const restored = await page.request.put('/api/v1/access-rules', { headers: again.headers, data: before });
    expect(restored.ok(), await restored.text()).toBe(true);
  }
  allowConsoleErrors(consoleErrors, /403/);
});

test('a sales rep who may change only their own contacts is offered only themselves as owner', async ({
  page,
  request,
}) => {
  // A workspace of its own: the rule restricts the agent role, which other specs use.
  test.setTimeout(120_000);
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const demo = demoAccount(['--contacts', '20']);
  const { headers, post } = await apiAs(request, demo);
  const rules = await request.put('/api/v1/access-rules', {
    headers,
    data: { rules: [{ role: 'agent', recordType: 'contact', read: 'own', write: 'own' }], fields: [] },
  });
  expect(rules.ok(), await rules.text()).toBe(true);
  const password = `Lindenhof-Abend-${unique()}-Kasse`;
  const rep = await post<{ id: string; email: string }>('/users', {
    email: `jana.roth-${unique()}@lindenhof-moebel.de`,
    name: 'Jana Roth',
    role: 'agent',
    password,
  });
  await signIn(page, '/contacts/new', { email: rep.email, password });
  await expect(page.getByRole('heading', { name: 'Neuer Kontakt' })).toBeVisible();
  await page.getByRole('textbox', { name: /^Nachname/ }).fill('Brandt');
  await page.getByRole('combobox', { name: 'Zuständig' }).click();
  await expect(page.getByRole('option')).toHaveText(['Jana Roth']);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Anlegen' }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const saved = await (await page.request.get(page.url().replace('/contacts/', '/api/v1/contacts/'))).json();
  expect(saved.ownerId).toBe(rep.id);
  // Deals have no rule: there every active user may be the owner.
  await page.goto('/deals/new');
  await page.getByRole('combobox', { name: 'Zuständig' }).click();
  await expect(page.getByRole('option').first()).toBeVisible();
  expect(await page.getByRole('option').count()).toBeGreaterThan(1);
});

test('the page speaks English, and Save waits for a change', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'en'));
  await signIn(page, '/access');
  await expect(page.getByRole('heading', { name: 'Access rights' })).toBeVisible();
  await expect(page.getByTestId('access-records')).toContainText('Appointments');
  await expect(page.getByTestId('access-fields')).toContainText('Company: annual revenue');
  await expect(page.getByText(/becomes the owner of new records created without one/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
});
