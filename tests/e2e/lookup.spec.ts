// Caller identification: /lookup?phone=… (or a number typed into the page, from the menu) opens
// the one matching contact set to log an inbound call, lists several with formatted numbers and
// a "log call" button, or offers to create one; an unreadable number is said so in both languages.
import { apiAs, test, expect, signIn, signInWithForm, seedContact, unique } from './fixtures.ts';

// Several pages and round trips per test: more than the default budget on a busy machine.
test.describe.configure({ timeout: 90_000 });

test('a differently formatted number opens the seeded contact, also as a deep link before sign-in', async ({
  page,
}) => {
  await signInWithForm(page, '/lookup?phone=030/1234567');
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}\?call=inbound$/);
  const contactId = new URL(page.url()).pathname.split('/').pop();
  const found = (await (
    await page.request.get('/api/v1/contacts', {
      params: { lastName: seedContact.lastName, firstName: seedContact.firstName },
    })
  ).json()) as { data: Array<{ id: string; phones: Array<{ e164: string | null }> }> };
  expect(found.data.map((c) => c.id)).toContain(contactId);
  expect(found.data.find((c) => c.id === contactId)!.phones[0]!.e164).toBe('+49301234567');
});

test('an unknown number offers to create a contact with the number filled in', async ({ page }) => {
  await signIn(page);
  const local = `0221 ${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`;
  await page.goto(`/lookup?phone=${encodeURIComponent(local)}`);
  await expect(page.getByTestId('lookup-none')).toBeVisible();
  const form = page.getByTestId('lookup-create');
  await expect(form.getByRole('textbox', { name: 'Phone' })).toHaveValue(local);
  // The contract's own validation, before any request: without the number (or a name, an
  // email) the contact would name no one.
  await form.getByRole('textbox', { name: 'Phone' }).fill('');
  await form.getByRole('button', { name: 'Create contact' }).click();
  await expect(form.getByText(/Please enter a name, an email address or a phone number/)).toBeVisible();
  await form.getByRole('textbox', { name: 'Phone' }).fill(local);
  await form.getByRole('textbox', { name: 'First name' }).fill('Erika');
  await form.getByRole('textbox', { name: /^Last name/ }).fill('Anruferin');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/contacts') && r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Create contact' }).click();
  const contact = (await (await created).json()) as { id: string; phones: Array<{ number: string }> };
  expect(contact.phones[0]!.number).toBe(local);
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  // Now the number is known: the lookup goes straight to the new contact.
  await page.goto(`/lookup?phone=${encodeURIComponent(local)}`);
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}\\?call=inbound$`));
});

test('an address shared by several contacts lists them with their key facts', async ({ page }) => {
  await signIn(page);
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const email = `zentrale-${Date.now().toString(36)}@example.de`;
  for (const lastName of ['Schröder', 'Öztürk']) {
    const created = await page.request.post('/api/v1/contacts', {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { lastName, emails: [{ email, label: 'work' }] },
    });
    expect(created.ok()).toBe(true);
  }
  await page.goto(`/lookup?email=${encodeURIComponent(email.toUpperCase())}`);
  await expect(page).toHaveURL(/\/lookup\?/);
  const matches = page.getByTestId('lookup-match');
  await expect(matches).toHaveCount(2);
  await expect(page.getByText('2 matches:')).toBeVisible();
  await expect(matches.filter({ hasText: 'Öztürk' })).toContainText('0 open deals');
  await matches.filter({ hasText: 'Schröder' }).getByRole('link', { name: 'Schröder' }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
});

test('the caller page is in the menu; a typed number goes into the address and opens the contact set to log an inbound call', async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Caller ID' }).click();
  await expect(page).toHaveURL(/\/lookup$/);
  const input = page.getByRole('textbox', { name: 'Phone number or email' });
  await input.fill('+49 30 1234567');
  await input.press('Enter');
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}\?call=inbound$/);
  await expect(page.getByRole('heading', { name: new RegExp(seedContact.lastName) }).first()).toBeVisible();
  const quick = page.getByTestId('quick-entry');
  await expect(quick.getByLabel('Direction', { exact: true })).toHaveValue('Inbound');
});

test('a company hit shows its numbers formatted and logs an inbound call on the company page', async ({
  page,
  request,
}) => {
  const admin = await apiAs(request);
  const suffix = unique();
  // libphonenumber holds Vienna numbers starting with 1 invalid, and invalid numbers are shown as typed.
  const digits = String(Math.floor(2_000_000 + Math.random() * 7_999_999));
  const company = await admin.post<{ id: string }>('/companies', {
    name: `Zentrale Hansen ${suffix}`,
    phones: [
      { number: `+49 40 ${digits}`, label: 'office' },
      { number: `+43 1 ${digits}`, label: 'office' },
    ],
  });
  await signIn(page);
  await page.goto(`/lookup?phone=${encodeURIComponent(`040 ${digits}`)}`);
  const match = page.getByTestId('lookup-match').filter({ hasText: `Zentrale Hansen ${suffix}` });
  await expect(match.getByRole('link', { name: `040 ${digits}` })).toHaveAttribute('href', `tel:+4940${digits}`);
  await expect(match.getByRole('link', { name: `+43 1 ${digits}` })).toBeVisible();
  await match.getByRole('link', { name: `Zentrale Hansen ${suffix}` }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
  await page.goBack();
  await page.getByTestId('lookup-match').filter({ hasText: suffix }).getByRole('link', { name: 'Log call' }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}\\?call=inbound$`));
  await expect(page.getByTestId('quick-entry').getByLabel('Direction', { exact: true })).toHaveValue('Inbound');
});

test('an unreadable number is the field’s error, in English and in German', async ({ page, consoleErrors }) => {
  await signIn(page, '/lookup?phone=abc');
  await expect(page.getByTestId('lookup-input')).toHaveValue('abc');
  await expect(page.getByText('“abc” is not a phone number we can read.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await page.evaluate(() => localStorage.setItem('farley.language', 'de'));
  await page.reload();
  await expect(page.getByText('„abc“ ist keine Telefonnummer, die wir lesen können.', { exact: false })).toBeVisible();
  const input = page.getByRole('textbox', { name: 'Telefonnummer oder E-Mail' });
  await input.fill('kein@mail');
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  await expect(page).toHaveURL(/\/lookup\?email=kein%40mail$/);
  await expect(page.getByText('„kein@mail“ ist keine gültige E-Mail-Adresse.')).toBeVisible();
  // The browser logs the server's 400 answers, which this test provokes on purpose.
  for (let index = consoleErrors.length - 1; index >= 0; index -= 1)
    if (/status of 400 .*\/api\/v1\/lookup\?/.test(consoleErrors[index]!)) consoleErrors.splice(index, 1);
});
