// The letterhead settings: filling in the sender and imprint (a wrong IBAN is caught before it
// is sent, a wrong BIC by the server), uploading a logo, and downloading the preview PDF, whose
// text is read back with pdfjs. Plus screenshots of the page in the demo workspace.
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { pdfText } from '../../src/server/modules/salesPdf/pdfText.ts';
import { allowConsoleErrors, expect, signIn, test, demoAccount } from './fixtures.ts';

/** A small PNG logo: a blue bar with a lighter band, made here so the test needs no file. */
function logoPng(width = 120, height = 36): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Array.from({ length: height }, (_, y) => {
    const band = y > height / 3 && y < (2 * height) / 3;
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(band && x > 10 ? [120, 170, 230] : [25, 80, 160], 1 + x * 3);
    return row;
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function openInGerman(page: Page, account?: { email: string; password: string }) {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  await signIn(page, '/letterhead', account);
  await expect(page.getByRole('heading', { name: 'Briefkopf', exact: true })).toBeVisible();
}

async function fill(page: Page, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  }
}

test.describe.configure({ mode: 'serial' });

test('a manager fills in the letterhead, uploads a logo and downloads the preview PDF', async ({
  page,
  consoleErrors,
}) => {
  await openInGerman(page);
  await fill(page, {
    Firmenname: 'Brandt & Vogel Haustechnik GmbH',
    'Straße und Hausnummer': 'Gößweinsteiner Weg 7',
    PLZ: '90411',
    Ort: 'Nürnberg',
    Telefon: '+49 911 5566 700',
    'E-Mail': 'info@brandt-vogel.example',
    Registergericht: 'Amtsgericht Nürnberg',
    Registernummer: 'HRB 31415',
    Geschäftsführung: 'Sabine Brandt, Ömer Vogel',
    'USt-IdNr.': 'DE 298 765 432',
    Bank: 'Sparkasse Nürnberg',
    IBAN: 'DE89 3704 0044 0532 0130 01',
    BIC: 'SSKNDE77',
  });
  // A typo in the IBAN is caught before anything is sent.
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByText('Diese IBAN stimmt nicht')).toBeVisible();
  await fill(page, { IBAN: 'DE89 3704 0044 0532 0130 00', BIC: 'SSK' });
  // A BIC that is none is refused by the server, and nothing is saved.
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByText('Eine BIC hat 8 oder 11 Buchstaben und Ziffern.')).toBeVisible();
  allowConsoleErrors(consoleErrors, /status of 422/);
  await fill(page, { BIC: 'SSKNDE77XXX' });
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByText('Briefkopf gespeichert')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'IBAN', exact: true })).toHaveValue('DE89370400440532013000');

  await page.locator('input[type=file]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng() });
  await expect(page.getByText('Logo gespeichert')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Logo der Firma' })).toBeVisible();

  const waiting = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Vorschau-PDF' }).click();
  const download = await waiting;
  expect(download.suggestedFilename()).toBe('Briefkopf-Vorschau.pdf');
  const bytes = await fs.readFile(await download.path());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = (await pdfText(bytes)).flat().join('\n');
  for (const expected of [
    'Brandt & Vogel Haustechnik GmbH',
    'Gößweinsteiner Weg 7 · 90411 Nürnberg · Deutschland',
    'Angebot AN-2026-0042',
    'Amtsgericht Nürnberg, HRB 31415',
    'Geschäftsführung: Sabine Brandt',
    'USt-IdNr. DE298765432',
    'IBAN DE89 3704 0044 0532 0130 00',
    'BIC SSKNDE77XXX',
    'Gesamtbetrag',
    'Seite 1 von',
  ]) {
    expect(text, expected).toContain(expected);
  }
  expect(bytes.includes('/Subtype /Image')).toBe(true);
});

test('the preview PDF is in English when English is chosen', async ({ page }) => {
  await openInGerman(page);
  await page.getByText('English', { exact: true }).click();
  const waiting = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Vorschau-PDF' }).click();
  const download = await waiting;
  expect(download.suggestedFilename()).toBe('Letterhead-preview.pdf');
  const text = (await pdfText(await fs.readFile(await download.path()))).flat().join('\n');
  expect(text).toContain('Quote AN-2026-0042');
  expect(text).toContain('Page 1 of');
});

test('screenshots of the letterhead page in the demo workspace, in German at desktop and phone size', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const account = demoAccount(['--contacts', '100']);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openInGerman(page, account);
  await expect(page.getByRole('textbox', { name: 'Firmenname', exact: true })).toHaveValue('Demo GmbH');
  await expect(page.getByRole('textbox', { name: 'IBAN', exact: true })).toHaveValue('DE89370400440532013000');
  await page.locator('input[type=file]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng() });
  await expect(page.getByRole('img', { name: 'Logo der Firma' })).toBeVisible();
  await expect(page.getByText('Logo gespeichert')).toBeHidden({ timeout: 15_000 });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: 'docs/screenshots/letterhead-desktop.png', animations: 'disabled', caret: 'hide' });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { name: 'Briefkopf', exact: true })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/letterhead-phone.png', animations: 'disabled', caret: 'hide' });
});
