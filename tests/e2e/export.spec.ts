// Exporting a list from its page: the export menu downloads the list as it is filtered, in
// the user's language (German CSV for Excel, English CSV with commas); an export the server
// refuses is a page in the user's language with the way back, not the browser's error page.
import fs from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, allowConsoleErrors, apiAs, unique, signIn } from './fixtures.ts';

async function signInIn(page: Page, path: string, language: 'de' | 'en') {
  await page.addInitScript((lng) => {
    if (!localStorage.getItem('farley.language')) localStorage.setItem('farley.language', lng);
  }, language);
  await signIn(page, path);
}

async function download(page: Page, button: string, item: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const waiting = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: item, exact: true }).click();
  const file = await waiting;
  return { name: file.suggestedFilename(), text: await fs.readFile(await file.path(), 'utf8') };
}

test('the export button downloads the filtered list, in German and in English', async ({ page, request }) => {
  const lastName = `Export${unique()}`;
  const { post } = await apiAs(request);
  await post('/contacts', {
    lastName,
    firstName: 'Jörg',
    emails: [{ email: `joerg.${lastName.toLowerCase()}@example.de` }],
  });
  await post('/contacts', { lastName, firstName: 'Ärne' });

  await signInIn(page, `/contacts?lastName=${lastName}&sort=firstName`, 'de');
  await expect(page.getByText('Jörg', { exact: false }).first()).toBeVisible();
  const german = await download(page, 'Exportieren', 'CSV für Excel (;)');
  expect(german.name).toMatch(/^Kontakte-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, first, second, rest] = german.text.split('\r\n');
  expect(header.startsWith('\ufeff')).toBe(true);
  expect(header).toContain('Vorname;Nachname;Firma;E-Mail');
  expect(first).toContain(`Ärne;${lastName}`);
  expect(second).toContain(`Jörg;${lastName};;joerg.${lastName.toLowerCase()}@example.de`);
  expect(rest).toBe('');

  await page.evaluate(() => localStorage.setItem('farley.language', 'en'));
  await page.reload();
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeVisible();
  const english = await download(page, 'Export', 'CSV (,)');
  expect(english.name).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = english.text.split('\r\n');
  expect(lines[0]).toContain('First name,Last name,Company,Email');
  expect(lines[1]).toContain(`Ärne,${lastName}`);
  expect(lines).toHaveLength(4);
});

test("an export link the server refuses shows a page in the user's language that leads back to the list", async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, '/contacts?sort=lastName');
  const list = page.url();
  // The export links are plain links (the file streams to disk): what the server answers to a
  // refused one is what the user sees. Too many exports at once (503) is refused the same way
  // as this column the list does not have (src/server/modules/exports/exports.page.test.ts).
  await page.goto('/api/v1/contacts/export?format=csv&columns=Schuhgr%C3%B6%C3%9Fe&lang=de', { referer: list });
  await expect(page.getByRole('heading', { name: 'Export nicht möglich' })).toBeVisible();
  await expect(page.getByText('Der Export konnte nicht erstellt werden.')).toBeVisible();
  await page.getByRole('link', { name: 'Zurück zur Liste' }).click();
  await expect(page).toHaveURL(list);
  await expect(page.getByRole('navigation')).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 400/);
});
