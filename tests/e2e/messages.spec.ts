// Messages and forms that keep work: problems in the user's language with a way forward
// (not found, in the trash, a broken link, a wrong password, empty required fields), the
// question before unsaved changes are lost, the date fields' shortcuts and German amounts.
import type { Page } from '@playwright/test';
import { test, expect, credentials, apiAs, unique, signIn as signInAt } from './fixtures.ts';

// Several pages per test, each a lazy chunk: more than the default budget on a busy machine.
test.describe.configure({ timeout: 90_000 });

/** The browser logs every 4xx response; the ones a test provokes on purpose are not errors of the app. */
function allowConsoleErrors(errors: string[], pattern: RegExp) {
  for (let index = errors.length - 1; index >= 0; index -= 1) if (pattern.test(errors[index]!)) errors.splice(index, 1);
}

/** Signs in with the interface in `language` (kept until the test switches it). */
async function signIn(page: Page, path: string, language: 'de' | 'en') {
  await page.addInitScript((lng) => {
    if (!localStorage.getItem('farley.language')) localStorage.setItem('farley.language', lng);
  }, language);
  await signInAt(page, path);
}

const missingId = '01938a6e-0000-7000-8000-000000000000';

test('a contact that does not exist says so in German and leads back to the contact list, not to a retry', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, `/contacts/${missingId}`, 'de');
  const error = page.getByTestId('error-state');
  await expect(error).toContainText('Das gibt es nicht (mehr).');
  await expect(error.getByRole('button', { name: 'Erneut versuchen' })).toHaveCount(0);
  await error.getByRole('link', { name: 'Zur Kontaktliste' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  allowConsoleErrors(consoleErrors, /status of 404/);
});

test('a company that does not exist leads back to the companies in English; a broken deal link to the deals', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, `/companies/${missingId}`, 'en');
  const error = page.getByTestId('error-state');
  await expect(error).toContainText('This does not exist (any more).');
  await expect(error.getByRole('link', { name: 'Back to companies' })).toBeVisible();

  await page.goto('/deals/not-an-id');
  await expect(page.getByTestId('error-state')).toContainText('This link is broken');
  await page.getByTestId('error-state').getByRole('link', { name: 'Back to deals' }).click();
  await expect(page).toHaveURL(/\/deals$/);
  allowConsoleErrors(consoleErrors, /status of 40[04]/);
});

test('a trashed contact offers the trash, where it can be restored (German and English)', async ({
  page,
  request,
  consoleErrors,
}) => {
  const api = await apiAs(request);
  const lastName = `Papierkorb ${unique()}`;
  const contact = await api.post<{ id: string }>('/contacts', { firstName: 'Greta', lastName });
  expect((await request.delete(`/api/v1/contacts/${contact.id}`, { headers: api.headers })).status()).toBe(204);

  await signIn(page, `/contacts/${contact.id}`, 'de');
  const error = page.getByTestId('error-state');
  await expect(error).toContainText('Das liegt im Papierkorb.');
  await expect(error.getByRole('link', { name: 'Zur Kontaktliste' })).toBeVisible();
  await error.getByRole('link', { name: 'Im Papierkorb ansehen' }).click();
  await expect(page).toHaveURL(/\/trash\?type=contacts$/);
  await expect(page.getByText(`Greta ${lastName}`)).toBeVisible();

  await page.evaluate(() => localStorage.setItem('farley.language', 'en'));
  await page.goto(`/contacts/${contact.id}`);
  await expect(page.getByTestId('error-state')).toContainText('This is in the trash.');
  await expect(page.getByTestId('error-state').getByRole('link', { name: 'View in trash' })).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 404/);
});

test('a wrong password is told in German, by its code', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'E-Mail', exact: true }).fill(credentials.email);
  await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill('nicht-das-passwort');
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
  await page.getByRole('button', { name: 'Anmelden' }).click();
  expect(((await (await answer).json()) as { code: string }).code).toBe('wrong_credentials');
  await expect(page.getByTestId('sign-in-error')).toContainText('E-Mail-Adresse oder Passwort ist falsch.');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a form's empty required fields and the server's field errors are told in German", async ({
  page,
  consoleErrors,
}) => {
  // A company needs its name: the browser's own rule, told in German.
  await signIn(page, '/companies/new', 'de');
  const companyForm = page.getByTestId('company-form');
  await companyForm.getByRole('button', { name: 'Anlegen' }).click();
  await expect(companyForm.getByText('Bitte dieses Feld ausfüllen.')).toBeVisible();
  await expect(companyForm.getByRole('textbox', { name: /^Name/ })).toHaveAttribute('aria-invalid', 'true');

  // A contact needs a name or a way to reach them: an empty form says so at the last name.
  await page.goto('/contacts/new');
  const form = page.getByTestId('contact-form');
  await form.getByRole('button', { name: 'Anlegen' }).click();
  const lastName = form.getByRole('textbox', { name: /^Nachname/ });
  await expect(
    form.getByText(/Bitte geben Sie einen Namen, eine E-Mail-Adresse oder eine Telefonnummer an/),
  ).toBeVisible();
  await expect(lastName).toHaveAttribute('aria-invalid', 'true');

  // The server's rule (a German postal code has five digits), translated by its code and field.
  await lastName.fill('Krüger');
  await form.getByRole('button', { name: 'Adresse hinzufügen', exact: true }).click();
  await form.getByRole('textbox', { name: 'PLZ' }).fill('123');
  await form.getByRole('button', { name: 'Anlegen' }).click();
  await expect(form.getByText('Das ist keine gültige Postleitzahl für dieses Land.')).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 422/);
});

test('leaving a changed form by a menu link or the back button asks first; Cancel and Save do not', async ({
  page,
}) => {
  await signIn(page, '/contacts', 'de');
  await page.getByRole('link', { name: 'Neuer Kontakt' }).click();
  const form = page.getByTestId('contact-form');
  const lastName = form.getByRole('textbox', { name: /^Nachname/ });
  const unsavedPrevented = () =>
    page.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
  expect(await unsavedPrevented()).toBe(false);
  await lastName.fill('Ungespeichert');
  // Closing the tab or reloading asks the browser's question.
  expect(await unsavedPrevented()).toBe(true);

  // A menu link: the question; staying keeps what was typed.
  await page.getByRole('navigation').getByRole('link', { name: 'Firmen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Änderungen verwerfen?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Weiter bearbeiten' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/contacts\/new$/);
  await expect(lastName).toHaveValue('Ungespeichert');

  // The browser's back button: the question; discarding leaves.
  await page.goBack();
  await expect(dialog).toBeVisible();
  // The router first puts the form's address back; discarding then goes back for real.
  await expect(page).toHaveURL(/\/contacts\/new$/);
  await dialog.getByRole('button', { name: 'Verwerfen und verlassen' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/contacts$/);

  // Cancel leaves without asking.
  await page.getByRole('link', { name: 'Neuer Kontakt' }).click();
  await form.getByRole('textbox', { name: /^Nachname/ }).fill('Abgebrochen');
  await form.getByRole('link', { name: 'Abbrechen' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(dialog).toHaveCount(0);

  // Saving leaves for the new contact's page without asking.
  await page.getByRole('link', { name: 'Neuer Kontakt' }).click();
  const saved = `Gespeichert ${unique()}`;
  await form.getByRole('textbox', { name: /^Nachname/ }).fill(saved);
  await form.getByRole('button', { name: 'Anlegen' }).click();
  await expect(page.getByTestId('contact-header').getByRole('heading', { name: saved })).toBeVisible();
  await expect(dialog).toHaveCount(0);
  expect(await unsavedPrevented()).toBe(false);
});

/** A local day as the form shows it in German. */
function germanDay(date: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}`;
}

test('a new task is due tomorrow at 09:00, and the shortcut "Nächste Woche" picks next Monday', async ({
  page,
  request,
}) => {
  const api = await apiAs(request);
  const contact = await api.post<{ id: string }>('/contacts', { lastName: `Termin ${unique()}` });
  await signIn(page, `/tasks/new?contactId=${contact.id}`, 'de');
  const form = page.getByTestId('task-form');
  const due = form.getByRole('textbox', { name: 'Fällig' });
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  await expect(due).toHaveValue(`${germanDay(tomorrow)} 09:00`);

  await due.click();
  await page.getByRole('button', { name: 'Nächste Woche' }).click();
  const monday = new Date();
  monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
  await expect(due).toHaveValue(`${germanDay(monday)} 09:00`);

  await form.getByRole('textbox', { name: /^Titel/ }).fill('Angebot nachfassen');
  const answer = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/tasks'),
  );
  await form.getByRole('button', { name: 'Anlegen' }).click();
  const task = (await (await answer).json()) as { dueAt: string };
  monday.setHours(9, 0, 0, 0);
  expect(task.dueAt).toBe(monday.toISOString());
});

test('an amount in the deal form is written the German way and tidied when left; English has its own', async ({
  page,
  request,
}) => {
  const api = await apiAs(request);
  const deal = await api.post<{ id: string }>('/deals', {
    title: `Großauftrag ${unique()}`,
    amount: { amount: '224000000.00', currency: 'EUR' },
  });
  await signIn(page, `/deals/${deal.id}/edit`, 'de');
  const amount = page.getByTestId('deal-form').getByRole('textbox', { name: 'Betrag' });
  await expect(amount).toHaveValue('224.000.000,00');
  await amount.fill('1234,5');
  await amount.blur();
  await expect(amount).toHaveValue('1.234,50');
  const answer = page.waitForResponse((response) => response.request().method() === 'PATCH');
  await page.getByTestId('deal-form').getByRole('button', { name: 'Änderungen speichern' }).click();
  expect(((await (await answer).json()) as { amount: { amount: string } }).amount.amount).toBe('1234.50');

  await page.evaluate(() => localStorage.setItem('farley.language', 'en'));
  await page.goto(`/deals/${deal.id}/edit`);
  await expect(page.getByTestId('deal-form').getByRole('textbox', { name: 'Amount' })).toHaveValue('1,234.50');
});
