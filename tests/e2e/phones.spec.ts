// The phone settings in the browser: in German, an app password is created for a device and
// shown once with the server and user name, it opens the DAV server (and shows in the list with
// its last use), a saved view is chosen for the address book, and revoking the password shuts
// the device out at once. In English, the page's texts.
import { apiAs, expect, signIn, test, unique, credentials } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

test('an app password is created, opens the DAV server, and is revoked', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const { post } = await apiAs(page.request);
  const viewName = `Handy ${unique()}`;
  await post('/views', {
    resource: 'contacts',
    name: viewName,
    config: { columns: ['lastName'], sort: null, filters: [{ field: 'tags', op: 'has', value: 'handy' }] },
  });
  await signIn(page, '/phones');
  await expect(page.getByRole('heading', { name: 'Adressbuch und Kalender auf dem Handy' })).toBeVisible();
  await expect(page.getByTestId('dav-username').first()).toHaveText(credentials.email);
  await expect(page.getByTestId('dav-server').first()).toHaveText(/\/dav\/$/);

  const device = `iPhone ${unique()}`;
  await page.getByRole('textbox', { name: 'Gerät' }).fill(device);
  await page.getByRole('button', { name: 'App-Passwort erstellen' }).click();
  const shown = page.getByTestId('new-app-password');
  await expect(shown).toContainText(`App-Passwort für „${device}“`);
  await expect(shown).toContainText('nur dieses eine Mal');
  const password = (await page.getByTestId('app-password').textContent()) ?? '';
  expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

  const server = (await page.getByTestId('dav-server').first().textContent()) ?? '';
  const propfind = () =>
    page.request.fetch(server, {
      method: 'PROPFIND',
      headers: { authorization: basic(credentials.email, password), depth: '0' },
    });
  expect((await propfind()).status()).toBe(207);
  await page.reload();
  const row = page.getByTestId('app-passwords').getByRole('row', { name: new RegExp(device) });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('noch nie');
  await expect(page.getByTestId('app-password')).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Adressbuch zeigt' }).click();
  await page.getByRole('option', { name: viewName }).click();
  await expect(page.getByText('Gespeichert.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Adressbuch zeigt' })).toHaveValue(viewName);

  await row.getByRole('button', { name: `App-Passwort „${device}“ widerrufen` }).click();
  await expect(page.getByText(`„${device}“ ist widerrufen`)).toBeVisible();
  await expect(page.getByTestId('app-passwords').getByRole('row', { name: new RegExp(device) })).toHaveCount(0);
  expect((await propfind()).status()).toBe(401);
});

test('the page speaks English too', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'en'));
  await signIn(page, '/phones');
  await expect(page.getByRole('heading', { name: 'Address book and calendar on your phone' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create app password' })).toBeDisabled();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'On your phone' })).toBeVisible();
});
