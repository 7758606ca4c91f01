// The import wizard in the browser: a German Excel export (Windows-1252, `;`, German headers)
// with its mapping guessed, street and house number joined, a tag for every row, a preview
// that shows the bad row, the run, the rejected rows downloaded and the import undone; and,
// in English at phone size, a phone's vCard file imported with the guessed mapping, found
// again in the list of imports and undone there.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { test, expect, signIn, unique } from './fixtures.ts';

// The shared data lies beside the main checkout (../shared/data); a worktree sits one level deeper.
const sharedData =
  [path.resolve('..', 'shared', 'data'), path.resolve('..', '..', 'shared', 'data')].find((dir) => existsSync(dir)) ??
  '/work/shared/data';
const vcardFile = path.join(sharedData, 'vcard', 'real-clients', 'gmail-list.vcf');

test.describe.configure({ timeout: 60_000 });

test.describe('in German', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('an Excel list with German headers is mapped, previewed, imported, its rejected rows downloaded and undone', async ({
    page,
  }) => {
    const run = unique();
    const rows = [
      'Anrede;Vorname;Nachname;Firma;Straße;Hausnummer;PLZ;Ort;E-Mail;Telefon;Kundennummer',
      `Herr;Jörg;Weißmüller;Bäckerei Weißmüller GmbH;Hauptstraße;12a;80331;München;j.weissmueller@baeckerei-weissmueller.de;089 1234567;K-${run}-1`,
      `Frau;Änne;Groß;Groß & Söhne KG;Königsallee;5;40212;Düsseldorf;aenne.gross@gross-soehne.de;0211 987654;K-${run}-2`,
      `Herr;Björn;Schäfer;Schäfer Haustechnik;Lindenstraße;7;50674;Köln;b.schaefer@@schaefer-haustechnik;0221 555123;K-${run}-3`,
    ];
    // As Excel in Germany saves "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, CRLF.
    const buffer = iconv.encode(`${rows.join('\r\n')}\r\n`, 'windows-1252');

    await signIn(page, '/imports');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Importieren' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Importe' })).toBeVisible();
    await page.getByRole('link', { name: 'Neuer Import' }).click();

    // 1. The file: format, encoding and delimiter are recognised.
    await expect(page.getByRole('radio', { name: 'Kontakte' })).toBeChecked();
    await page.getByTestId('import-file-input').setInputFiles({ name: 'kunden.csv', mimeType: 'text/csv', buffer });
    const detected = page.getByTestId('import-detected');
    await expect(detected).toContainText('kunden.csv: 11 Spalten erkannt.');
    await expect(detected.getByRole('combobox', { name: 'Zeichenkodierung' })).toHaveValue('Windows-1252 (Excel)');
    await expect(detected.getByRole('combobox', { name: 'Trennzeichen' })).toHaveValue(';');
    await page.getByRole('button', { name: 'Weiter' }).click();

    // 2. The mapping: the guess is chosen, umlauts came through, house number joins the street.
    const field = (column: string) => page.getByRole('combobox', { name: `Feld für Spalte „${column}“` });
    await expect(field('Vorname')).toHaveValue('Vorname');
    await expect(field('Nachname')).toHaveValue('Nachname');
    await expect(field('PLZ')).toHaveValue('PLZ');
    await expect(field('E-Mail')).toHaveValue('E-Mail');
    await expect(field('Straße')).toHaveValue('Straße');
    await expect(page.getByTestId('mapping-row').filter({ hasText: 'Nachname' })).toContainText('Weißmüller');
    if ((await field('Hausnummer').inputValue()) !== 'Straße') {
      await field('Hausnummer').click();
      await page.getByRole('option', { name: 'Straße', exact: true }).click();
    }
    await expect(page.getByTestId('mapping-joined').first()).toHaveText('verbunden: Straße + Hausnummer');
    await page.getByTestId('constant-tags').fill('Messe 2026');
    await page.getByRole('button', { name: 'Weiter' }).click();

    // 3. The options: the defaults match nothing and reject a row with a value that cannot be stored.
    await expect(page.getByRole('radio', { name: 'Nicht abgleichen' })).toBeChecked();
    await expect(page.getByRole('radio', { name: 'Zeile ablehnen' })).toBeChecked();
    await page.getByRole('button', { name: 'Weiter' }).click();

    // 4. The preview: the rows as they would be stored, the bad email named on its row.
    const preview = page.getByTestId('preview-table');
    await expect(preview.getByTestId('preview-row')).toHaveCount(3);
    await expect(preview.getByTestId('preview-row').first()).toContainText('Hauptstraße 12a');
    await expect(preview.getByTestId('preview-row').first()).toContainText('Messe 2026');
    const badRow = preview.locator('[data-testid="preview-row"][data-line="4"]');
    await expect(badRow).toContainText('ablehnen');
    // The problem in German, by its code: the field, the value, what is wrong with it.
    await expect(badRow.getByTestId('preview-problems')).toHaveText(
      'E-Mail: „b.schaefer@@schaefer-haustechnik“: Das ist keine gültige E-Mail-Adresse.',
    );
    await expect(page.getByTestId('preview-summary')).toContainText('2 anlegen');

    // 5. The run: finished with its counts and the rejected row named by its line.
    await page.getByRole('button', { name: 'Import starten' }).click();
    await expect(page.getByTestId('import-finished')).toBeVisible();
    await expect(page.getByTestId('import-created')).toContainText('2');
    await expect(page.getByTestId('import-failed')).toContainText('1');
    const problem = page.getByTestId('import-error').first();
    await expect(problem).toContainText('4');
    await expect(problem).toContainText('„b.schaefer@@schaefer-haustechnik“: Das ist keine gültige E-Mail-Adresse.');
    await expect(problem).not.toContainText('not an email');

    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Abgelehnte Zeilen herunterladen' }).click();
    const download = await downloading;
    const rejected = iconv.decode(readFileSync(await download.path()), 'windows-1252');
    expect(rejected).toContain('Anrede;Vorname;Nachname');
    expect(rejected).toContain('Herr;Björn;Schäfer;Schäfer Haustechnik;Lindenstraße;7;');
    expect(rejected).toContain('b.schaefer@@schaefer-haustechnik');
    expect(rejected).not.toContain('Weißmüller');

    const list = page.getByRole('link', { name: 'Kontakte ansehen' });
    await expect(list).toHaveAttribute('href', '/contacts');
    await page.getByRole('button', { name: 'Rückgängig machen' }).click();
    await expect(page.getByTestId('import-status')).toContainText('Rückgängig gemacht');
    await expect(page.getByRole('link', { name: 'Zum Papierkorb' })).toBeVisible();
  });

  test('a running import is cancelled; its saved mapping is chosen again for the next file', async ({ page }) => {
    // Uploading and cancelling 200,000 rows, then a second import: more than the file's budget.
    test.setTimeout(120_000);
    const run = unique();
    // Columns no guess knows, so the mapping is the user's own; enough rows that the import
    // is still running when Abbrechen is pressed (it stops after its current batch).
    const head = `Fam-${run};Post-${run}`;
    const many = Array.from({ length: 200_000 }, (_, i) => `Abbruch${i};abbruch${i}@example.de`);
    const field = (column: string) => page.getByRole('combobox', { name: `Feld für Spalte „${column}“` });
    const choose = async (column: string, option: string) => {
      await field(column).click();
      await page.getByRole('option', { name: option, exact: true }).click();
      await expect(field(column)).toHaveValue(option);
    };

    await signIn(page, '/imports/new');
    await page.getByTestId('import-file-input').setInputFiles({
      name: 'gross.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${head}\n${many.join('\n')}\n`),
    });
    await expect(page.getByTestId('import-detected')).toContainText('gross.csv: 2 Spalten erkannt.');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await choose(`Fam-${run}`, 'Nachname');
    await choose(`Post-${run}`, 'E-Mail');
    await page.getByLabel('Zuordnung speichern als …').fill(`Liste ${run}`);
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect(page.getByTestId('preview-row').first()).toContainText('Abbruch0');
    await page.getByRole('button', { name: 'Import starten' }).click();

    await expect(page.getByTestId('import-progress')).toBeVisible();
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(page.getByTestId('import-status')).toContainText('Abgebrochen', { timeout: 30_000 });
    const created = Number((await page.getByTestId('import-created').innerText()).replace(/\D/g, ''));
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(200_000);
    await expect(page.getByRole('button', { name: 'Rückgängig machen' })).toBeVisible();

    // The next file of the same shape: the saved mapping, chosen by its name, maps both columns.
    await page.goto('/imports/new');
    await page.getByTestId('import-file-input').setInputFiles({
      name: 'klein.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${head}\nZweit${run};zweit-${run}@example.de\n`),
    });
    await expect(page.getByTestId('import-detected')).toContainText('klein.csv: 2 Spalten erkannt.');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect(field(`Fam-${run}`)).toHaveValue('nicht importieren');
    await page.getByRole('combobox', { name: 'Gespeicherte Zuordnung' }).click();
    await page.getByRole('option', { name: `Liste ${run}` }).click();
    await expect(field(`Fam-${run}`)).toHaveValue('Nachname');
    await expect(field(`Post-${run}`)).toHaveValue('E-Mail');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect(page.getByTestId('preview-row')).toContainText(`zweit-${run}@example.de`);
    await page.getByRole('button', { name: 'Import starten' }).click();
    await expect(page.getByTestId('import-created')).toContainText('1');
  });
});

test('a phone’s vCard file is imported with the guessed mapping, in English at phone size', async ({ page }) => {
  await signIn(page, '/today');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Toggle navigation' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('link', { name: 'New import' }).click();

  await page.getByTestId('import-file-input').setInputFiles(vcardFile);
  const detected = page.getByTestId('import-detected');
  await expect(detected).toContainText('gmail-list.vcf');
  await expect(detected.getByRole('combobox', { name: 'Format' })).toHaveValue('vCard (.vcf)');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByTestId('import-step-title')).toHaveText('Mapping');
  const field = (column: string) => page.getByRole('combobox', { name: `Field for column "${column}"` });
  await expect(field('N.family')).toHaveValue('Last name');
  await expect(field('N.given')).toHaveValue('First name');
  await expect(field('EMAIL.1')).not.toHaveValue('Do not import');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('radio', { name: 'Do not match' })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();

  const rows = page.getByTestId('preview-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Chris' })).toContainText('chrisy55d@yahoo.com');
  await expect(page.getByTestId('preview-problems')).toHaveCount(0);
  await page.getByRole('button', { name: 'Start import' }).click();

  await expect(page.getByTestId('import-finished')).toBeVisible();
  await expect(page.getByTestId('import-status')).toContainText('Import finished');
  await expect(page.getByTestId('import-created')).toContainText('3');
  await expect(page.getByTestId('import-failed')).toContainText('0');
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);

  // The history offers Undo while it is possible; the contacts go to the trash with it.
  await page.getByRole('link', { name: 'All imports' }).first().click();
  const row = page.getByTestId('import-row').filter({ hasText: 'gmail-list.vcf' }).first();
  await expect(row).toContainText('3 created');
  await row.getByRole('button', { name: 'Undo the import of gmail-list.vcf' }).click();
  await expect(row).toContainText('Undone');
  await expect(row.getByRole('button', { name: /^Undo/ })).toHaveCount(0);
});
