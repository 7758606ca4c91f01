// My account and the users page in the browser: /account from the user menu (devices signed
// in, signing one out, tokens revoked, a refused and an accepted new password), /users (an
// admin adds a colleague, hands over the one-time link, the colleague chooses a password and
// is later signed out everywhere), and "Forgot password?" both ways: without mail of its own
// the server says to ask an admin; with an SMTP server (the real sink of
// src/server/testing/mail.ts, and a Farley of this spec's own started with FARLEY_SMTP_URL)
// the link arrives by mail and sets a new password. And the screenshots of both pages.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { startMailServers, type MailServers } from '../../src/server/testing/mail.ts';
import { allowConsoleErrors, apiAs, demoAccount, expect, signIn, signInWithForm, test, unique } from './fixtures.ts';

const iPhone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const windowsFirefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

test.describe('my account', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('from the user menu: devices, tokens and a new password', async ({ page, request, consoleErrors }) => {
    const admin = await apiAs(request);
    const account = { email: `lena.vogt-${unique()}@farley.example`, password: 'Apfelbaum am Hang 7' };
    const lena = await admin.post<{ id: string }>('/users', {
      email: account.email,
      name: 'Lena Vogt',
      role: 'agent',
      password: account.password,
    });
    await admin.post('/api-tokens', { name: 'Buchhaltungs-Export', userId: lena.id });
    // Her phone, signed in elsewhere (its own cookie jar).
    const phone = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
    const phoneLogin = await phone.request.post('/api/v1/auth/login', {
      data: account,
      headers: { 'user-agent': iPhone },
    });
    expect(phoneLogin.ok()).toBe(true);

    await signIn(page, '/today', account);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('my-account').click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Mein Konto' })).toBeVisible();

    const sessions = page.getByTestId('sessions');
    await expect(sessions.getByRole('row')).toHaveCount(3);
    await expect(sessions.getByRole('row', { name: /Dieses Gerät/ })).toBeVisible();
    await sessions.getByRole('button', { name: 'Safari · iOS abmelden' }).click();
    await expect(sessions.getByRole('row')).toHaveCount(2);
    expect((await phone.request.get('/api/v1/auth/me')).status()).toBe(401);
    await phone.close();

    const tokens = page.getByTestId('tokens');
    await expect(tokens.getByRole('row', { name: /Buchhaltungs-Export/ })).toContainText('API-Token');
    await tokens.getByRole('button', { name: '„Buchhaltungs-Export“ widerrufen' }).click();
    await expect(page.getByText('Sie haben keine API-Tokens und keine App-Passwörter.')).toBeVisible();

    await page.getByLabel('Aktuelles Passwort').fill(account.password);
    await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('Passwort2024!');
    await page.getByLabel('Neues Passwort wiederholen').fill('Passwort2024!');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(page.getByTestId('password-error')).toHaveText(
      'Dieses Passwort gehört zu den häufigsten Passwörtern und wird bei Angriffen zuerst probiert.',
    );
    allowConsoleErrors(consoleErrors, /status of 422/);
    await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('Apfelbaum im Herbst 9');
    await page.getByLabel('Neues Passwort wiederholen').fill('Apfelbaum im Herbst 9');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(page.getByText('Ihr Passwort ist geändert. Alle anderen Anmeldungen sind beendet.')).toBeVisible();
    await expect(page.getByLabel('Aktuelles Passwort')).toHaveValue('');
    const relogin = await request.post('/api/v1/auth/login', {
      data: { email: account.email, password: 'Apfelbaum im Herbst 9' },
    });
    expect(relogin.ok()).toBe(true);
  });
});

test('users page: an admin adds a colleague with a one-time link, and signs her out everywhere', async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, '/users');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  const email = `jana.richter-${unique()}@farley.example`;
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByTestId('new-user');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Jana Richter');
  await dialog.getByRole('textbox', { name: 'Email address' }).fill(email);
  await dialog.getByRole('button', { name: 'Add and make link' }).click();
  const link = await page.getByTestId('reset-link').inputValue();
  expect(link).toMatch(/\/reset-password#token=fy1\./);
  await expect(page.getByTestId('reset-link-dialog')).toContainText('works once');
  await page.getByRole('button', { name: 'Done' }).click();
  const row = page.getByTestId('users').getByRole('row', { name: /Jana Richter/ });
  await expect(row).toContainText('never');

  // Jana, in a browser of her own, opens the link and chooses her password.
  const janaContext = await browser.newContext({ baseURL });
  const jana = await janaContext.newPage();
  await jana.goto(link);
  await jana.getByRole('textbox', { name: 'New password', exact: true }).fill('Rhabarberkuchen mit Sahne');
  await jana.getByLabel('Repeat new password').fill('Rhabarberkuchen mit Sahne');
  await jana.getByRole('button', { name: 'Save password' }).click();
  await expect(jana.getByTestId('reset-done')).toBeVisible();
  await jana.getByRole('link', { name: 'To sign-in' }).click();
  await signInWithForm(jana, '/today', { email, password: 'Rhabarberkuchen mit Sahne' });

  await page.reload();
  await expect(row).not.toContainText('never');
  await page.getByRole('button', { name: 'Actions for Jana Richter' }).click();
  await page.getByRole('menuitem', { name: 'Sign out everywhere' }).click();
  await page.getByTestId('sign-out-everywhere-confirm').click();
  await expect(page.getByText('Jana Richter is signed out everywhere.')).toBeVisible();

  await jana.reload();
  await expect(jana.getByRole('heading', { name: 'Sign in to Farley' })).toBeVisible();
  // The link worked once.
  await jana.goto(link);
  await jana.getByRole('textbox', { name: 'New password', exact: true }).fill('Noch ein Rhabarberkuchen');
  await jana.getByLabel('Repeat new password').fill('Noch ein Rhabarberkuchen');
  await jana.getByRole('button', { name: 'Save password' }).click();
  await expect(jana.getByTestId('reset-error')).toContainText('invalid, expired or used already');
  await janaContext.close();
});

test('forgotten password on a server without mail: the sign-in page says to ask an admin', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByTestId('ask-admin')).toContainText('Ask an admin of your workspace');
});

test.describe('forgotten password by email', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test.describe.configure({ timeout: 180_000 });
  let mail: MailServers;
  let server: ChildProcess | undefined;
  let url = '';
  let dataDir = '';

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const probe = net.createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });

  // A Farley of its own on the test database, with the SMTP sink as its operator's mail server.
  test.beforeAll(async () => {
    mail = await startMailServers();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'farley-reset-'));
    server = spawn(process.execPath, ['bin/farley.js', 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: process.env.FARLEY_E2E_DATABASE_URL,
        HOST: '127.0.0.1',
        PORT: String(port),
        FARLEY_DATA_DIR: dataDir,
        FARLEY_DEMO: '0',
        FARLEY_JOBS: '0',
        LOG_LEVEL: 'warn',
        FARLEY_SMTP_URL: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
        FARLEY_MAIL_FROM: 'Farley <crm@farley.example>',
        FARLEY_PUBLIC_URL: url,
      },
      stdio: 'ignore',
    });
    await expect
      .poll(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok ?? false, { timeout: 90_000 })
      .toBe(true);
  });
  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await mail?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the link arrives by mail and sets a new password', async ({ page, request }) => {
    const admin = await apiAs(request);
    const email = `paul.hartmann-${unique()}@farley.example`;
    await admin.post('/users', { email, name: 'Paul Hartmann', role: 'agent', password: 'Zwetschgen vom Markt' });

    await page.goto(`${url}/sign-in`);
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    // The sign-in form has an "E-Mail" field too: fill the new page's, once it is there.
    await expect(page.getByRole('heading', { name: 'Passwort vergessen' })).toBeVisible();
    await page.getByRole('textbox', { name: 'E-Mail' }).fill(email);
    await page.getByRole('button', { name: 'Link senden' }).click();
    await expect(page.getByTestId('reset-sent')).toContainText(email);

    const received = await mail.waitForMessage((m) => m.to.includes(email), 15_000);
    const parsed = await simpleParser(received.raw);
    expect(parsed.subject).toMatch(/^Farley-Passwort zurücksetzen/);
    const link = /https?:\/\/\S+/.exec(parsed.text ?? '')?.[0] ?? '';
    expect(link.startsWith(`${url}/reset-password#token=`)).toBe(true);

    await page.goto(link);
    await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('Pflaumen aus dem Garten');
    await page.getByLabel('Neues Passwort wiederholen').fill('Pflaumen aus dem Garten');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await expect(page.getByTestId('reset-done')).toBeVisible();
    await signInWithForm(page, `${url}/today`, { email, password: 'Pflaumen aus dem Garten' });
  });
});

test.describe('screenshots', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  async function shoot(page: Page, name: string, fullPage = false) {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide', fullPage });
  }

  test('my account and the users page of the demo workspace, in German', async ({ page, request, baseURL }) => {
    test.setTimeout(180_000);
    const account = demoAccount(['--contacts', '100']);
    const api = await apiAs(request, account);
    const users = (await (await request.get('/api/v1/users?limit=100')).json()).data as Array<{
      id: string;
      name: string;
      email: string;
    }>;
    const me = users.find((user) => user.email === account.email)!;
    // Two colleagues have signed in lately.
    for (const colleague of users.filter((user) => user.id !== me.id).slice(0, 2)) {
      const password = 'Frühling in Bamberg!';
      const set = await request.patch(`/api/v1/users/${colleague.id}`, { headers: api.headers, data: { password } });
      expect(set.ok(), await set.text()).toBe(true);
      const login = await fetch(`${baseURL}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': windowsFirefox },
        body: JSON.stringify({ email: colleague.email, password }),
      });
      expect(login.ok).toBe(true);
    }
    // The admin's phone and office computer, an app password and a token for the accounting export.
    for (const userAgent of [iPhone, windowsFirefox]) {
      const login = await fetch(`${baseURL}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': userAgent },
        body: JSON.stringify(account),
      });
      expect(login.ok).toBe(true);
    }
    await api.post('/app-passwords', { name: 'iPhone Vertrieb Süd' });
    await api.post('/api-tokens', { name: 'Export Buchhaltung' });

    await signIn(page, '/account', account);
    await expect(page.getByTestId('sessions').getByRole('row')).toHaveCount(5);
    await expect(page.getByTestId('tokens').getByRole('row', { name: /iPhone Vertrieb Süd/ })).toBeVisible();
    await shoot(page, 'account', true);

    await page.goto('/users');
    await expect(page.getByTestId('users').getByRole('row', { name: new RegExp(me.name) })).toBeVisible();
    // The last row's menu, so that it covers none of the others.
    const colleague = users.filter((user) => user.id !== me.id).at(-1)!;
    await page.getByRole('button', { name: `Aktionen für ${colleague.name}` }).click();
    await expect(page.getByRole('menuitem', { name: 'Überall abmelden' })).toBeVisible();
    await shoot(page, 'users');
  });
});
