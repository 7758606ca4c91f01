// Privacy in the browser: a legal hold on the contact page blocks erasure until lifted; an admin
// erases a contact (typing the name to confirm) and its email is then refused and found on the
// blocking list; retention rules are previewed and added; an own consent purpose is added and
// used; the Art. 30 record is edited. And the screenshots of the contact's erase dialog, the
// privacy page and its purposes in the demo workspace.
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

test('an own consent purpose is added, listed, refused twice and offered when recording a consent', async ({
  page,
  consoleErrors,
}) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const tag = unique();
  const name = `Einladung zu Webinaren ${tag}`;
  await signIn(page, '/privacy');
  await page.getByTestId('tab-purposes').click();
  const list = page.getByTestId('purposes');
  await expect(list.getByTestId('purpose').filter({ hasText: 'Newsletter' })).toContainText('vorgegeben');
  await page.getByTestId('purpose-label').fill(name);
  // The key follows the name as it is typed.
  await expect(page.getByTestId('purpose-key')).toHaveValue(`einladung_zu_webinaren_${tag}`);
  await page.getByTestId('purpose-description').fill('Einladungen zu unseren Online-Seminaren für Bestandskunden');
  await page.getByTestId('purpose-channel').click();
  await page.getByRole('option', { name: 'E-Mail' }).click();
  await page.getByTestId('purpose-save').click();
  await expect(page.getByText(`Zweck „${name}“ angelegt.`)).toBeVisible();
  const row = list.getByTestId('purpose').filter({ hasText: name });
  await expect(row).toContainText('eigener');
  await expect(row).toContainText('lit. a – Einwilligung');
  await expect(row).toContainText('Online-Seminaren');
  await expect(page.getByTestId('purpose-label')).toHaveValue('');

  // The same key again: refused with a message, nothing added.
  await page.getByTestId('purpose-label').fill(name);
  await page.getByTestId('purpose-save').click();
  await expect(page.getByText('Einen Eintrag mit diesen Angaben gibt es schon.')).toBeVisible();
  await expect(list.getByTestId('purpose').filter({ hasText: name })).toHaveCount(1);
  allowConsoleErrors(consoleErrors, /status of 409/);

  // A contact's consent can now be recorded for it.
  const { post } = await apiAs(page.request);
  const contact = await post<{ id: string }>('/contacts', { firstName: 'Mirja', lastName: `Seminar ${tag}` });
  await page.goto(`/contacts/${contact.id}`);
  const panel = page.getByTestId('privacy-panel');
  await panel.getByRole('button', { name: 'Einwilligung erfassen' }).click();
  const form = page.getByTestId('consent-form');
  await form.getByRole('combobox', { name: 'Zweck' }).click();
  await page.getByRole('option', { name }).click();
  await form.getByRole('button', { name: 'Erfassen' }).click();
  await expect(panel.getByTestId('consent-state').filter({ hasText: name })).toContainText('erteilt');
});

test('the privacy page speaks English', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'en'));
  await signIn(page, '/privacy');
  await expect(page.getByRole('heading', { name: 'Privacy', exact: true })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Blocking list' })).toBeVisible();
  await page.getByRole('tab', { name: 'Purposes' }).click();
  await expect(page.getByTestId('purposes').getByTestId('purpose').filter({ hasText: 'Newsletter' })).toContainText(
    '(a) consent',
  );
  await expect(page.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await page.getByRole('tab', { name: 'Retention' }).click();
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

  await post('/consent-purposes', {
    key: 'webinare',
    label: 'Einladung zu Webinaren',
    description: 'Einladungen zu unseren Online-Seminaren für Bestandskunden',
    channel: 'email',
    legalBasis: 'a',
  });
  await page.getByTestId('tab-purposes').click();
  await expect(page.getByTestId('purpose').filter({ hasText: 'Einladung zu Webinaren' })).toBeVisible();
  await page.getByTestId('purpose-label').fill('Kundenmagazin „Lindenblatt“ per Post');
  await page.getByTestId('purpose-channel').click();
  await page.getByRole('option', { name: 'Post' }).click();
  await page.getByTestId('purpose-basis').click();
  await page.getByRole('option', { name: 'lit. f – berechtigtes Interesse' }).click();
  // The whole tab in one picture: the page's title and tabs, the list and the form.
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.getByTestId('purpose-basis').blur();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'privacy-purposes');
});
