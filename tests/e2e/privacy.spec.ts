// Privacy in the browser: a legal hold on the contact page blocks erasure until lifted; an admin
// erases a contact (typing the name to confirm) and its email is then refused and found on the
// blocking list; retention rules are previewed and added; the Art. 30 record is edited. And the
// screenshots of the contact's erase dialog and the privacy page in the demo workspace.
import type { Page } from '@playwright/test';
import { allowConsoleErrors, apiAs, demoAccount, expect, signIn, test, unique } from './fixtures.ts';

async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `docs/screenshots/${name}-desktop.png`, animations: 'disabled', caret: 'hide' });
}

test('a held contact cannot be erased; once lifted, it is erased and its email is blocked', async ({
  page,
  consoleErrors,
}) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const { post } = await apiAs(page.request);
  const last = `Mistelzweig${unique()}`;
  const email = `theodora.${last.toLowerCase()}@beispiel-kunde.de`;
  const contact = await post<{ id: string }>('/contacts', {
    firstName: 'Theodora',
    lastName: last,
    emails: [{ email }],
  });
  await signIn(page, `/contacts/${contact.id}`);
  await expect(page.getByRole('heading', { name: `Theodora ${last}` })).toBeVisible();

  await page.getByTestId('legal-hold-set').click();
  await page.getByTestId('hold-reason').fill('Gewährleistungsfall 2026-17');
  await page.getByTestId('hold-save').click();
  await expect(page.getByTestId('legal-hold-badge')).toHaveText('Aufbewahrungspflicht: Gewährleistungsfall 2026-17');
  await expect(page.getByTestId('erase-contact')).toBeDisabled();
  await page.getByRole('button', { name: 'Aufbewahrungspflicht aufheben' }).click();
  await expect(page.getByTestId('legal-hold-badge')).toHaveCount(0);

  await page.getByTestId('erase-contact').click();
  const dialog = page.getByRole('dialog', { name: `Daten von Theodora ${last} löschen (Art. 17 DSGVO)` });
  await expect(dialog).toBeVisible();
  await dialog.getByText('Vollständig löschen').click();
  await expect(dialog.getByTestId('erase-submit')).toBeDisabled();
  await dialog.getByTestId('erase-confirm').fill(`Theodora ${last}`);
  await dialog.getByTestId('erase-submit').click();
  await expect(page.getByText('Die Daten wurden gelöscht.')).toBeVisible();
  await expect(page).toHaveURL(/\/contacts$/);

  allowConsoleErrors(consoleErrors, /status of 409/);
  const { headers } = await apiAs(page.request);
  const again = await page.request.post('/api/v1/contacts', {
    headers,
    data: { lastName: 'Neu', emails: [{ email }] },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).code).toBe('blocked_value');

  await page.goto('/privacy');
  await page.getByTestId('tab-blocking').click();
  await page.getByTestId('blocking-value').fill(email);
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  await expect(page.getByTestId('blocking-list')).toContainText('Löschung auf Antrag');
  await page.getByTestId('blocking-remove').click();
  await expect(page.getByText('Dieser Wert steht nicht auf der Sperrliste.')).toBeVisible();
});

test('a retention rule is previewed, added and listed; the Art. 30 record is edited and saved', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  await signIn(page, '/privacy');
  await expect(page.getByRole('heading', { name: 'Datenschutz', exact: true })).toBeVisible();
  await page.getByTestId('rule-months').fill('1200');
  await page.getByTestId('rule-preview').click();
  await expect(page.getByTestId('retention-preview')).toContainText('würden jetzt anonymisiert');
  await page.getByTestId('rule-add').click();
  await expect(
    page
      .getByTestId('retention-rule')
      .filter({ hasText: 'Kontakte (Lead) nach 1200 Monaten ohne Aktivität anonymisieren' }),
  ).toHaveCount(1);
  await page
    .getByTestId('retention-rule')
    .filter({ hasText: 'nach 1200 Monaten' })
    .getByRole('button', { name: 'Entfernen' })
    .click();
  await expect(page.getByTestId('retention-rule').filter({ hasText: 'nach 1200 Monaten' })).toHaveCount(0);

  await page.getByTestId('tab-record').click();
  const record = page.getByTestId('processing-record');
  await expect(record).toHaveValue(/Verzeichnis von Verarbeitungstätigkeiten/);
  const note = `Datenschutzbeauftragte: Dr. Ilse Brandt (${unique()})`;
  await record.fill(`${await record.inputValue()}\n\n${note}`);
  await page.getByTestId('record-save').click();
  await expect(page.getByText('Das Verzeichnis wurde gespeichert.')).toBeVisible();
  await page.reload();
  await page.getByTestId('tab-record').click();
  await expect(page.getByTestId('processing-record')).toHaveValue(new RegExp(note.replace(/[()]/g, '\\$&')));
  const exported = await page.request.get('/api/v1/processing-record/export');
  expect(await exported.text()).toContain('Dr. Ilse Brandt');
  await page.getByRole('button', { name: 'Zurücksetzen' }).click();
  await expect(page.getByText(/^Aus der Konfiguration des Arbeitsbereichs erzeugt\. Ergänzen/)).toBeVisible();
});

test('the privacy page speaks English', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'en'));
  await signIn(page, '/privacy');
  await expect(page.getByRole('heading', { name: 'Privacy', exact: true })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Blocking list' })).toBeVisible();
  await page.getByTestId('rule-preview').click();
  await expect(page.getByTestId('retention-preview')).toContainText('would be anonymised now');
});

test('screenshots of the erase dialog and the privacy page in the demo workspace', async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const demo = demoAccount();
  const { post } = await apiAs(request, demo);
  const contact = await post<{ id: string }>('/contacts', {
    salutation: 'Frau',
    firstName: 'Henriette',
    lastName: 'Kranich',
    jobTitle: 'Einkauf',
    emails: [{ email: 'h.kranich@lindenhof-moebel.de' }],
    phones: [{ number: '0221 4478120' }],
    lifecycleStage: 'lead',
  });
  await post('/retention-rules', { recordType: 'deal', status: 'lost', months: 36, action: 'delete' });
  await signIn(page, `/contacts/${contact.id}`, demo);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('erase-contact').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('erase-confirm').fill('Henriette Kranich');
  await expect(dialog.getByTestId('erase-submit')).toBeEnabled();
  await shoot(page, 'contact-erasure');
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();

  await page.goto('/privacy');
  await page.getByTestId('rule-months').fill('12');
  await page.getByTestId('rule-preview').click();
  await expect(page.getByTestId('retention-preview')).toBeVisible();
  await page.getByTestId('retention-run').click();
  await expect(page.getByTestId('retention-runs')).toBeVisible();
  // The run's notice closes by itself; the picture shows the page without it.
  await expect(page.getByText(/^Fertig: /)).toBeHidden({ timeout: 15_000 });
  await page.getByTestId('rule-preview').click();
  await expect(page.getByTestId('retention-preview')).toBeVisible();
  await shoot(page, 'privacy');
});
