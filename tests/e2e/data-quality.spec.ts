// Customer number, external id and the data-quality score in the browser: the company form
// takes both keys, a taken customer number is explained at its field, the list filters by
// it; in German, the contact form's "Kundennummer", the score with its reasons on the
// contact's page, and the overview page (/data-quality) with its way into the filtered list.
import type { Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

/** A 4xx the test provokes on purpose is logged by the browser; it is not an error of the app. */
function allowConsoleErrors(errors: string[], pattern: RegExp) {
  for (let index = errors.length - 1; index >= 0; index -= 1) if (pattern.test(errors[index]!)) errors.splice(index, 1);
}

async function waitForPost(page: Page, path: string) {
  return page.waitForResponse(
    (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/v1${path}`,
  );
}

test('a company gets a customer number and an external id; a taken number is refused at its field', async ({
  page,
  request,
  consoleErrors,
}) => {
  const number = `K-${unique()}`;
  await signIn(page, '/companies/new');
  const form = page.getByTestId('company-form');
  await form.getByRole('textbox', { name: /^Name/ }).fill(`Nummernwerk ${number}`);
  await form.getByRole('textbox', { name: 'Customer number' }).fill(`  ${number} `);
  await form.getByRole('textbox', { name: 'External ID' }).fill('ERP-4711');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}$/);
  const keys = page.getByTestId('record-keys');
  await expect(keys.getByTestId('record-customerNumber')).toContainText(number);
  await expect(keys.getByTestId('record-externalId')).toContainText('ERP-4711');
  // A company without industry, owner or address has a score below 100, with its reasons.
  const quality = page.getByTestId('record-quality');
  await expect(quality.getByTestId('quality-badge')).toHaveText(/^Quality \d+$/);
  await expect(quality.getByText('Industry missing')).toBeVisible();

  await page.goto('/companies/new');
  await form.getByRole('textbox', { name: /^Name/ }).fill(`Zweitwerk ${number}`);
  await form.getByRole('textbox', { name: 'Customer number' }).fill(number);
  const answer = waitForPost(page, '/companies');
  await form.getByRole('button', { name: 'Create' }).click();
  expect((await answer).status()).toBe(409);
  await expect(form.getByText('This customer number belongs to another record already.')).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 409/);

  // The list finds the company by its number, in a column of its own.
  const { post } = await apiAs(request);
  await post('/companies', { name: `Drittwerk ${number}`, customerNumber: `${number}-2` });
  await page.goto(`/companies?customerNumber=${encodeURIComponent(number)}`);
  await expect(page.getByRole('link', { name: `Nummernwerk ${number}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Drittwerk ${number}` })).toHaveCount(0);
});

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('Kundennummer im Formular, Qualität mit Gründen beim Kontakt, Übersicht Datenqualität', async ({ page }) => {
    const number = `KD-${unique()}`;
    await signIn(page, '/contacts/new');
    const form = page.getByTestId('contact-form');
    await form.getByRole('textbox', { name: /^Nachname/ }).fill(`Qualitätsprobe ${number}`);
    await form.getByRole('textbox', { name: 'Kundennummer' }).fill(number);
    await form.getByRole('textbox', { name: 'Externe ID' }).fill('Shop 17');
    await form.getByRole('button', { name: 'Anlegen' }).click();
    const header = page.getByTestId('contact-header');
    await expect(header.getByTestId('record-customerNumber')).toContainText(number);
    await expect(header.getByTestId('record-externalId')).toContainText('Shop 17');
    await expect(header.getByTestId('quality-badge')).toHaveText(/^Qualität \d+$/);
    await expect(header.getByText('Weder E-Mail noch Telefon')).toBeVisible();
    await expect(header.getByText('Keine Firma')).toBeVisible();

    await page.getByRole('navigation').getByRole('link', { name: 'Datenqualität' }).click();
    const overview = page.getByTestId('data-quality-page');
    await expect(overview.getByRole('heading', { name: 'Datenqualität' })).toBeVisible();
    const contacts = overview.getByTestId('quality-contacts');
    await expect(contacts.getByRole('heading', { name: 'Kontakte' })).toBeVisible();
    await expect(contacts.getByRole('link', { name: 'Weder E-Mail noch Telefon' })).toBeVisible();
    await expect(overview.getByTestId('quality-companies').getByRole('heading', { name: 'Firmen' })).toBeVisible();
    await contacts.getByTestId('quality-below-contacts').click();
    await expect(page).toHaveURL(/\/contacts\?quality\.lt=60$/);
    // Narrowed to the new contact: the workspace holds many others below 60.
    await page.goto(`/contacts?quality.lt=60&customerNumber=${encodeURIComponent(number)}`);
    await expect(page.getByRole('link', { name: new RegExp(`Qualitätsprobe ${number}`) })).toBeVisible();
  });
});
