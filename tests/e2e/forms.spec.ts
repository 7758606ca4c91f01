// The create and edit forms: a company and a contact created in the browser (umlauts, German
// phone number, email and address) and shown on their pages; the contract's validation shown
// before any request; the server's field errors at their fields; an edit that sends only the
// changed fields, and a conflicting edit (412) explained with a reload; deals and tasks.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, credentials, signIn as signInAt } from './fixtures.ts';

/** Signs in and waits until the first page has loaded its data. */
async function signIn(page: Page, path: string) {
  await signInAt(page, path);
  await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
}

// Several pages per test, each a lazy chunk: more than the default budget on a busy machine.
test.describe.configure({ timeout: 90_000 });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

async function apiAs(request: APIRequestContext) {
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  expect(login.ok()).toBe(true);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { 'x-csrf-token': csrfToken };
}

async function post<T>(
  request: APIRequestContext,
  headers: Record<string, string>,
  path: string,
  data: unknown,
): Promise<T> {
  const response = await request.post(`/api/v1${path}`, { headers, data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/** A 4xx the test provokes on purpose is logged by the browser; it is not an error of the app. */
function allowConsoleErrors(errors: string[], pattern: RegExp) {
  for (let index = errors.length - 1; index >= 0; index -= 1) if (pattern.test(errors[index]!)) errors.splice(index, 1);
}

/** Counts the writes the page sends to an API path (to prove client-side validation sends none). */
function countWrites(page: Page, path: string) {
  const writes: string[] = [];
  page.on('request', (request) => {
    const pathname = new URL(request.url()).pathname;
    // The duplicate check while typing is a POST that only asks (POST /<records>/duplicates).
    if (request.method() !== 'GET' && pathname.startsWith(`/api/v1${path}`) && !pathname.endsWith('/duplicates'))
      writes.push(request.url());
  });
  return writes;
}

test('a company and then a contact at that company are created through the forms and shown on their pages', async ({
  page,
}) => {
  const suffix = unique();
  const name = `Bäckerei Schröder ${suffix}`;
  await signIn(page, '/companies/new');
  const companyForm = page.getByTestId('company-form');
  await expect(page.getByRole('heading', { name: 'New company' })).toBeVisible();
  await companyForm.getByRole('textbox', { name: /^Name/ }).fill(name);
  await companyForm.getByRole('textbox', { name: 'VAT id' }).fill('DE 123 456 789');
  await companyForm.getByRole('button', { name: 'Add phone number' }).click();
  await companyForm.getByTestId('rows-phones').getByRole('textbox', { name: 'Phone number' }).fill('0711 2233445');
  await companyForm.getByRole('button', { name: 'Add email address' }).click();
  await companyForm
    .getByTestId('rows-emails')
    .getByRole('textbox', { name: 'Email' })
    .fill('info@baeckerei-schroeder.de');
  await companyForm.getByRole('button', { name: 'Add address' }).click();
  const companyAddress = companyForm.getByTestId('rows-addresses');
  await companyAddress.getByRole('textbox', { name: 'Street' }).fill('Königstraße 12');
  await companyAddress.getByRole('textbox', { name: 'Postal code' }).fill('70173');
  await companyAddress.getByRole('textbox', { name: 'City' }).fill('Stuttgart');
  await companyForm.getByRole('button', { name: 'Create' }).click();

  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}$/);
  const companyId = page.url().split('/').pop()!;
  await expect(page.getByTestId('company-header')).toContainText(name);
  const company = (await (await page.request.get(`/api/v1/companies/${companyId}`)).json()) as Record<string, unknown>;
  expect(company).toMatchObject({
    name,
    vatId: 'DE123456789',
    phones: [{ number: '0711 2233445', e164: '+497112233445', primary: true }],
    emails: [{ email: 'info@baeckerei-schroeder.de', primary: true }],
    addresses: [{ street: 'Königstraße 12', postalCode: '70173', city: 'Stuttgart', country: 'DE' }],
  });

  // The contact joins the company picked by searching without the umlaut.
  await page.goto('/contacts/new');
  const form = page.getByTestId('contact-form');
  await form.getByRole('textbox', { name: 'Salutation' }).fill('Frau');
  await form.getByRole('textbox', { name: 'First name' }).fill('Jördis');
  await form.getByRole('textbox', { name: /^Last name/ }).fill(`Großkreutz-${unique()}`);
  const lastName = await form.getByRole('textbox', { name: /^Last name/ }).inputValue();
  await form.getByRole('textbox', { name: 'Job title' }).fill('Geschäftsführerin');
  await form.getByTestId('contact-company').fill(`Backerei Schroder ${suffix}`);
  await page.getByRole('option', { name: new RegExp(name) }).click();
  await form.getByRole('button', { name: 'Add email address' }).click();
  await form.getByTestId('rows-emails').getByRole('textbox', { name: 'Email' }).fill('j.grosskreutz@example.de');
  await form.getByRole('button', { name: 'Add phone number' }).click();
  await form.getByTestId('rows-phones').getByRole('textbox', { name: 'Phone number' }).fill('+49 (0)30 123 456-78');
  await form.getByRole('button', { name: 'Add address' }).click();
  const address = form.getByTestId('rows-addresses');
  await address.getByRole('textbox', { name: 'Street' }).fill('Müllerstraße 3');
  await address.getByRole('textbox', { name: 'Postal code' }).fill('13353');
  await address.getByRole('textbox', { name: 'City' }).fill('Berlin');
  await form.getByRole('textbox', { name: /^Last name/ }).press('Enter');

  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const header = page.getByTestId('contact-header');
  await expect(header.getByRole('heading', { name: `Frau Jördis ${lastName}` })).toBeVisible();
  await expect(header.getByRole('link', { name: /j\.grosskreutz@example\.de/ })).toHaveAttribute(
    'href',
    'mailto:j.grosskreutz@example.de',
  );
  await expect(header.getByRole('link', { name: /\+49 \(0\)30 123 456-78/ })).toHaveAttribute(
    'href',
    'tel:+493012345678',
  );
  await expect(page.getByTestId('contact-companies')).toContainText(name);
});

test("the contract's rules are checked in the browser before anything is sent", async ({ page }) => {
  await signIn(page, '/contacts/new');
  const writes = countWrites(page, '/contacts');
  const form = page.getByTestId('contact-form');
  // A contact that names no one (no name, email, phone…): said at the last name, focused.
  await form.getByRole('textbox', { name: 'Job title' }).fill('Einkauf');
  await form.getByRole('button', { name: 'Create' }).click();
  const lastName = form.getByRole('textbox', { name: /^Last name/ });
  const noOne = /Please enter a name, an email address or a phone number/;
  await expect(form.getByText(noOne)).toBeVisible();
  await expect(lastName).toHaveAttribute('aria-invalid', 'true');
  await expect(lastName).toBeFocused();

  await form.getByRole('button', { name: 'Add email address' }).click();
  const email = form.getByTestId('rows-emails').getByRole('textbox', { name: 'Email' });
  await email.fill('j.mueller@example');
  await email.blur();
  await expect(form.getByText('This is not a valid email address.')).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');

  await lastName.fill('Müller');
  await email.fill('j.mueller@example.de');
  await expect(form.getByText(noOne)).toBeHidden();
  await expect(form.getByText('This is not a valid email address.')).toBeHidden();
  expect(writes).toEqual([]);
});

test("the server's field errors appear at their fields, rows included", async ({ page, consoleErrors }) => {
  await signIn(page, '/contacts/new');
  const form = page.getByTestId('contact-form');
  await form.getByRole('textbox', { name: /^Last name/ }).fill('Krüger');
  await form.getByRole('button', { name: 'Add address' }).click();
  const address = form.getByTestId('rows-addresses');
  // The schema allows any postal code; the server knows German ones have 5 digits.
  await address.getByRole('textbox', { name: 'Postal code' }).fill('123');
  await address.getByRole('textbox', { name: 'City' }).fill('Hamburg');
  const answer = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/contacts'),
  );
  await form.getByRole('button', { name: 'Create' }).click();
  const response = await answer;
  expect(response.status()).toBe(422);
  const problem = (await response.json()) as { errors: { path: string; code: string }[] };
  expect(problem.errors[0]).toMatchObject({ path: 'addresses.0.postalCode', code: 'invalid_format' });
  const message = 'This is not a valid postal code for this country.';
  await expect(address.getByText(message)).toBeVisible();
  await expect(address.getByRole('textbox', { name: 'Postal code' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('form-problem')).toContainText('Please correct the marked fields.');

  // Typing a new value takes the server's message away; the corrected contact is saved.
  await address.getByRole('textbox', { name: 'Postal code' }).fill('20095');
  await expect(address.getByText(message)).toBeHidden();
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('contact-header').getByRole('heading', { name: 'Krüger' })).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 422/);
});

test('an edit sends only the changed fields, and a conflicting edit is explained with a reload', async ({
  page,
  request,
  consoleErrors,
}) => {
  const headers = await apiAs(request);
  const contact = await post<{ id: string; version: number }>(request, headers, '/contacts', {
    firstName: 'Özlem',
    lastName: `Yılmaz ${unique()}`,
    jobTitle: 'Einkauf',
    emails: [{ email: 'oezlem@example.de', label: 'work', primary: true }],
  });
  await signIn(page, `/contacts/${contact.id}`);
  await page.getByTestId('edit-contact').click();
  const form = page.getByTestId('contact-form');
  await expect(page.getByRole('heading', { name: 'Edit contact' })).toBeVisible();
  await expect(form.getByTestId('rows-emails').getByRole('textbox', { name: 'Email' })).toHaveValue(
    'oezlem@example.de',
  );

  const patch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/contacts/${contact.id}`));
  await form.getByRole('textbox', { name: 'Job title' }).fill('Leitung Einkauf');
  await form.getByRole('button', { name: 'Save changes' }).click();
  const sent = await patch;
  expect(sent.postDataJSON()).toEqual({ jobTitle: 'Leitung Einkauf' });
  expect(sent.headers()['if-match']).toBe(`"${contact.version}"`);
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByTestId('value-jobTitle')).toHaveText('Leitung Einkauf');

  // Someone else saves while the form is open, after the form's own reading of the record
  // has landed (a reading still on its way could bring the newer version into the form).
  let reading = 0;
  const isRead = (r: { method(): string; url(): string }) =>
    r.method() === 'GET' && r.url().endsWith(`/contacts/${contact.id}`);
  page.on('request', (r) => {
    if (isRead(r)) reading++;
  });
  page.on('requestfinished', (r) => {
    if (isRead(r)) reading--;
  });
  page.on('requestfailed', (r) => {
    if (isRead(r)) reading--;
  });
  await page.getByTestId('edit-contact').click();
  await expect(form.getByRole('textbox', { name: 'Job title' })).toHaveValue('Leitung Einkauf');
  await expect.poll(() => reading).toBe(0);
  const current = (await (await request.get(`/api/v1/contacts/${contact.id}`)).json()) as { version: number };
  const other = await request.patch(`/api/v1/contacts/${contact.id}`, {
    headers: { ...headers, 'if-match': `"${current.version}"` },
    data: { source: 'Messe' },
  });
  expect(other.status()).toBe(200);
  await form.getByRole('textbox', { name: 'Job title' }).fill('Vertrieb');
  await form.getByRole('button', { name: 'Save changes' }).click();
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toContainText('Someone else saved this record');
  await conflict.getByRole('button', { name: 'Reload record' }).click();
  await expect(conflict).toBeHidden();
  await expect(form.getByRole('textbox', { name: 'Source' })).toHaveValue('Messe');
  await form.getByRole('textbox', { name: 'Job title' }).fill('Vertrieb');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('value-jobTitle')).toHaveText('Vertrieb');
  allowConsoleErrors(consoleErrors, /status of 412/);
});

test('a deal is created with pipeline, stage, amount, close date, company and contact prefilled from the address', async ({
  page,
  request,
}) => {
  const headers = await apiAs(request);
  const pipeline = await post<{ id: string; stages: { id: string; name: string }[] }>(request, headers, '/pipelines', {
    name: `Formular ${unique()}`,
    stages: [
      { name: 'Erstkontakt', probability: 10, kind: 'open' },
      { name: 'Angebot', probability: 50, kind: 'open' },
    ],
  });
  const company = await post<{ id: string; name: string }>(request, headers, '/companies', {
    name: `Müller & Söhne ${unique()}`,
  });
  const contact = await post<{ id: string }>(request, headers, '/contacts', {
    firstName: 'Käthe',
    lastName: `Müller ${unique()}`,
  });

  await signIn(page, `/deals/new?pipelineId=${pipeline.id}&companyId=${company.id}&contactId=${contact.id}`);
  const form = page.getByTestId('deal-form');
  await expect(form.getByTestId('deal-company')).toHaveValue(company.name);
  await form.getByRole('textbox', { name: /^Title/ }).fill('Wartungsvertrag 2027');
  await form.getByRole('combobox', { name: 'Stage' }).click();
  await page.getByRole('option', { name: 'Angebot (50 %)' }).click();
  await form.getByRole('textbox', { name: 'Amount' }).fill('12,345.50');
  await form.getByLabel('Expected close').fill('2027-03-31');
  // The calendar stays open while the field has the focus, over the fields below it.
  await form.getByLabel('Expected close').blur();
  await form.getByRole('button', { name: 'Create' }).click();

  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('deal-header')).toContainText('Wartungsvertrag 2027');
  const deal = (await (await page.request.get(`/api/v1/deals/${page.url().split('/').pop()}`)).json()) as Record<
    string,
    unknown
  >;
  expect(deal).toMatchObject({
    title: 'Wartungsvertrag 2027',
    pipelineId: pipeline.id,
    stageId: pipeline.stages[1]!.id,
    amount: { amount: '12345.50', currency: 'EUR' },
    expectedCloseDate: '2027-03-31',
    companyId: company.id,
    contactId: contact.id,
  });
});

test("a task and an activity are created for a contact and shown on the contact's page", async ({ page, request }) => {
  const headers = await apiAs(request);
  const lastName = `Weiß ${unique()}`;
  const contact = await post<{ id: string }>(request, headers, '/contacts', { firstName: 'Jürgen', lastName });

  await signIn(page, `/tasks/new?contactId=${contact.id}`);
  const form = page.getByTestId('task-form');
  await expect(form.getByText(`Jürgen ${lastName}`)).toBeVisible();
  await form.getByRole('textbox', { name: /^Title/ }).fill('Angebot nachfassen');
  await form.getByLabel('Due').fill('2027-01-15T10:30');
  await form.getByLabel('Due').blur();
  await form.getByRole('combobox', { name: 'Priority' }).click();
  await page.getByRole('option', { name: 'High' }).click();
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByTestId('record-task').filter({ hasText: 'Angebot nachfassen' })).toBeVisible();

  await page.goto(`/activities/new?contactId=${contact.id}`);
  const activity = page.getByTestId('activity-form');
  await activity.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Meeting' }).click();
  await activity.getByRole('textbox', { name: 'Subject' }).fill('Besuch in der Größten Filiale');
  await activity.getByRole('textbox', { name: 'Duration (minutes)' }).fill('45');
  await activity.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Besuch in der Größten Filiale' })).toBeVisible();
});

test('a form fits a phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, '/contacts/new');
  const form = page.getByTestId('contact-form');
  await form.getByRole('button', { name: 'Add address' }).click();
  await form.getByRole('button', { name: 'Add phone number' }).click();
  await expect(form.getByRole('textbox', { name: 'Postal code' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await form.getByRole('button', { name: 'Create' }).scrollIntoViewIfNeeded();
  await expect(form.getByRole('button', { name: 'Create' })).toBeInViewport();
});
