// GDPR on the customer page, in the browser: a consent is recorded with its wording and source,
// withdrawn, the history shows both; processing is restricted (the notice appears and editing is
// refused), the access export downloads as a ZIP with the person's data, and an admin lifts the
// restriction. The texts in English too; and the screenshot of the page in the demo workspace.
import JSZip from 'jszip';
import type { Page } from '@playwright/test';
import { apiAs, demoAccount, expect, signIn, test, unique } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

async function person(page: Page, lastName: string, account?: { email: string; password: string }) {
  const { post } = await apiAs(page.request, account);
  return post<{ id: string }>('/contacts', {
    salutation: 'Frau',
    firstName: 'Johanna',
    lastName,
    emails: [{ email: `johanna.${unique()}@kanzlei-ehlers.example` }],
    phones: [{ number: '040 3344556' }],
  });
}

test('a consent is recorded and withdrawn, processing restricted, the data exported as a ZIP', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const lastName = `Ehlers ${unique()}`;
  const contact = await person(page, lastName);
  await signIn(page, `/contacts/${contact.id}`);
  const panel = page.getByTestId('privacy-panel');
  await expect(panel).toContainText('Keine Einwilligungen erfasst.');

  await panel.getByRole('button', { name: 'Einwilligung erfassen' }).click();
  const form = page.getByTestId('consent-form');
  await expect(form.getByRole('combobox', { name: 'Zweck' })).toHaveValue('Newsletter');
  await form.getByRole('textbox', { name: 'Einwilligungstext' }).fill('Ja, ich möchte den Mandantenbrief per E-Mail.');
  await form.getByRole('textbox', { name: 'Quelle' }).fill('Anmeldeformular Website');
  await form.getByRole('button', { name: 'Erfassen' }).click();
  await expect(form).toBeHidden();
  const state = panel.getByTestId('consent-state').filter({ hasText: 'Newsletter' });
  await expect(state).toContainText('erteilt');
  await expect(state).toContainText('Art. 6 Abs. 1 lit. a DSGVO');

  await state.getByRole('button', { name: 'Widerrufen' }).click();
  await expect(state).toContainText('widerrufen');
  await panel.getByRole('button', { name: 'Verlauf (2 Einträge)' }).click();
  await expect(panel.getByTestId('consent-history')).toContainText('Anmeldeformular Website');
  await expect(panel.getByTestId('consent-history')).toContainText('„Ja, ich möchte den Mandantenbrief per E-Mail.“');

  await panel.getByRole('button', { name: 'Verarbeitung einschränken' }).click();
  await page.getByRole('textbox', { name: 'Grund' }).fill('Bestreitet die Richtigkeit der Anschrift');
  await page.getByRole('button', { name: 'Einschränken', exact: true }).click();
  const banner = page.getByTestId('restriction-banner');
  await expect(banner).toContainText('Verarbeitung eingeschränkt (Art. 18 DSGVO)');
  await expect(banner).toContainText('Bestreitet die Richtigkeit der Anschrift');
  await panel.getByRole('button', { name: 'Datenauskunft (ZIP)' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Auskunft auf Deutsch' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Auskunft Johanna Ehlers .+\.zip$/);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const zip = await JSZip.loadAsync(await readFile(path));
  const exported = JSON.parse((await zip.file('contact.json')?.async('string')) ?? '{}');
  expect(exported.lastName).toBe(lastName);
  const consents = JSON.parse((await zip.file('consents.json')?.async('string')) ?? '{}');
  expect(consents.history).toHaveLength(2);
  expect(await zip.file('summary.html')?.async('string')).toContain(
    'Auskunft über gespeicherte personenbezogene Daten',
  );

  await banner.getByRole('button', { name: 'Einschränkung aufheben' }).click();
  await expect(banner).toBeHidden();
  await expect(panel.getByRole('button', { name: 'Verarbeitung einschränken' })).toBeVisible();
});

test('the privacy card speaks English too', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'en'));
  const contact = await person(page, `Ehlers ${unique()}`);
  await signIn(page, `/contacts/${contact.id}`);
  const panel = page.getByTestId('privacy-panel');
  await expect(panel).toContainText('No consents recorded.');
  await panel.getByRole('button', { name: 'Record consent' }).click();
  await page.getByTestId('consent-form').getByRole('button', { name: 'Record' }).click();
  await expect(panel.getByTestId('consent-state')).toContainText('granted');
  await expect(panel.getByRole('button', { name: 'Restrict processing' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Personal data (ZIP)' })).toBeVisible();
});

test('screenshot of the privacy card on a customer page in the demo workspace', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const account = demoAccount(['--contacts', '50']);
  const { post, headers } = await apiAs(page.request, account);
  const contact = await post<{ id: string }>('/contacts', {
    salutation: 'Frau',
    firstName: 'Miriam',
    lastName: 'Albers',
    jobTitle: 'Leiterin Einkauf',
    emails: [{ email: 'miriam.albers@albers-moebel.example' }],
    phones: [{ number: '0421 998877' }],
    addresses: [{ street: 'Am Wall 12', postalCode: '28195', city: 'Bremen' }],
  });
  await post(`/contacts/${contact.id}/consents`, {
    purpose: 'newsletter',
    method: 'form',
    effectiveAt: '2026-03-04T10:15:00Z',
    wording: 'Ja, ich möchte den Möbel-Newsletter einmal im Monat per E-Mail erhalten.',
    source: 'Newsletter-Anmeldung albers-moebel.example',
  });
  await post(`/contacts/${contact.id}/consents`, {
    purpose: 'phone_marketing',
    method: 'phone',
    effectiveAt: '2026-05-12T14:00:00Z',
    source: 'Anruf Messe-Nachfassaktion',
  });
  await post(`/contacts/${contact.id}/consents`, {
    purpose: 'contract',
    method: 'paper',
    effectiveAt: '2026-06-01T08:00:00Z',
    source: 'Rahmenvertrag 2026',
  });
  const restricted = await page.request.put(`/api/v1/contacts/${contact.id}/restriction`, {
    headers,
    data: { reason: 'Widerspruch gegen Werbung, Prüfung nach Art. 21 läuft' },
  });
  expect(restricted.status()).toBe(200);
  await signIn(page, `/contacts/${contact.id}`, account);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(page.getByTestId('restriction-banner')).toBeVisible();
  await expect(page.getByTestId('privacy-panel').getByTestId('consent-state')).toHaveCount(3);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: 'docs/screenshots/consents-desktop.png', animations: 'disabled', caret: 'hide' });
});
