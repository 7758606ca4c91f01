// A contact without a name: created in the web app with only an email address, it is saved,
// shown and listed under that address; a contact that names no one is refused in the form.
import { test, expect, signIn } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

test('a contact with only an email is created, shown and listed by its address', async ({ page }) => {
  const email = `leser-${unique()}@newsletter.example`;
  await signIn(page, '/contacts/new');
  const form = page.getByTestId('contact-form');
  const lastName = form.getByRole('textbox', { name: /^Last name/ });
  await expect(lastName).not.toHaveAttribute('required');

  // Nothing that tells who it is: said at the last name, nothing sent.
  await form.getByRole('textbox', { name: 'Salutation' }).fill('Frau');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form.getByText(/Please enter a name, an email address or a phone number/)).toBeVisible();
  await expect(lastName).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/contacts\/new$/);

  await form.getByRole('textbox', { name: 'Salutation' }).fill('');
  await form.getByRole('button', { name: 'Add email address' }).click();
  await form.getByTestId('rows-emails').getByRole('textbox', { name: 'Email' }).fill(email);
  await expect(form.getByText(/Please enter a name, an email address or a phone number/)).toBeHidden();
  await form.getByRole('button', { name: 'Create' }).click();

  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByTestId('contact-header').getByRole('heading', { name: email })).toBeVisible();
  const stored = (await (await page.request.get(`/api/v1/contacts/${id}`)).json()) as Record<string, unknown>;
  expect(stored).toMatchObject({ firstName: null, lastName: '', emails: [{ email, primary: true }] });

  await page.goto(`/contacts?q=${encodeURIComponent(email)}`);
  const row = page.getByTestId('contacts-table').getByRole('row', { name: new RegExp(email) });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: email }).first().click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${id}$`));
});
