// Caller identification: /lookup?phone=… opens the one matching contact, or offers to create one.
import { test, expect, signIn, seedContact } from './fixtures.ts';

test('a differently formatted number opens the seeded contact, also as a deep link before sign-in', async ({
  page,
}) => {
  await signIn(page, '/lookup?phone=030/1234567');
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const contactId = page.url().split('/').pop();
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
  // The contract's own validation, before any request: a last name is required.
  await form.getByRole('button', { name: 'Create contact' }).click();
  await expect(form.getByText('must not be empty')).toBeVisible();
  await form.getByRole('textbox', { name: 'First name' }).fill('Erika');
  await form.getByRole('textbox', { name: /^Last name/ }).fill('Anruferin');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/contacts') && r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Create contact' }).click();
  const contact = (await (await created).json()) as { id: string; phones: Array<{ number: string }> };
  expect(contact.phones[0]!.number).toBe(local);
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  // Now the number is known: the lookup goes straight to the new contact.
  await page.goto(`/lookup?phone=${encodeURIComponent(local)}`);
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
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
