// Email accounts in the browser, against real mail servers started here (Dovecot for IMAP with
// a self-signed certificate, an SMTP sink; src/server/testing/mail.ts) on loopback ports the
// Farley server under test reaches too. In German: a wrong password is refused at the IMAP
// section with nothing typed lost, the right one saves it as working; then a new name, a check
// that fails and one that passes, and removing it. In English, as an agent: an SMTP port nothing
// listens on. And the screenshots of the page and of a refused form in the demo workspace.
import type { Locator, Page } from '@playwright/test';
import { startMailServers, type MailServers } from '../../src/server/testing/mail.ts';
import { freePort } from '../../src/server/testing/ports.ts';
import {
  allowConsoleErrors,
  apiAs,
  demoAccount,
  expect,
  expectNoSidewaysScroll,
  signIn,
  test,
  unique,
} from './fixtures.ts';

/**
 * Waits until the toasts are gone. A toast may lie over a card's button, and a click that lands
 * on it keeps it open (Mantine pauses a toast's closing while the pointer is on it).
 */
async function noToasts(page: Page) {
  await page.mouse.move(0, 0);
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 20_000 });
}

let mail: MailServers;
test.beforeAll(async () => {
  mail = await startMailServers();
});
test.afterAll(async () => {
  await mail?.stop();
});

/** A Dovecot user with an INBOX and a Sent folder (the form's default folders). */
async function mailUser(address: string, password: string) {
  await mail.addUser(address, password);
  await mail.append(address, 'Sent', `Subject: Angebot\r\nFrom: ${address}\r\n\r\nIm Anhang unser Angebot.\r\n`);
}

/** Fills a server section: the test servers on 127.0.0.1, IMAPS with its certificate trusted. */
async function fillServer(
  section: Locator,
  texts: { host: string; security: string; port: string; password: string; trust?: string },
  server: { port: number; security: 'tls' | 'none'; password: string },
) {
  await section.getByRole('textbox', { name: texts.host, exact: true }).fill('127.0.0.1');
  await section.getByRole('combobox', { name: texts.security }).selectOption(server.security);
  await section.getByRole('textbox', { name: texts.port, exact: true }).fill(String(server.port));
  await section.getByRole('textbox', { name: texts.password, exact: true }).fill(server.password);
  if (texts.trust) await section.getByRole('checkbox', { name: texts.trust }).check();
}

const german = {
  host: 'Server',
  security: 'Verschlüsselung',
  port: 'Port',
  password: 'Passwort',
  trust: 'Selbst signiertem Zertifikat vertrauen',
};

test.describe('in German', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('a wrong password is refused at IMAP; the right one connects the account; rename, check, remove', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    const address = `vertrieb-${unique()}@farley.example`;
    const password = 'Grüße aus Köln 2026';
    const name = `Vertrieb ${unique()}`;
    await mailUser(address, password);

    await signIn(page, '/mailboxes');
    await expect(page.getByRole('heading', { name: 'E-Mail-Konten' })).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'E-Mail-Konten' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await page.getByRole('link', { name: 'E-Mail-Konto hinzufügen' }).click();
    await expect(page.getByRole('heading', { name: 'E-Mail-Konto hinzufügen' })).toBeVisible();

    const form = page.getByTestId('mailbox-form');
    const imap = page.getByTestId('mailbox-imap');
    const smtp = page.getByTestId('mailbox-smtp');
    // The defaults: IMAPS and SMTPS with their ports, INBOX and Sent, mail of the last 12 months.
    await expect(imap.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue('993');
    await expect(smtp.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue('465');
    await expect(page.getByTestId('mailbox-sync')).toContainText('INBOX');
    await expect(page.getByTestId('mailbox-sync')).toContainText('Sent');
    const yearAgo = await page.evaluate(() => {
      const day = new Date();
      day.setMonth(day.getMonth() - 12);
      return day.toLocaleDateString('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric' });
    });
    await expect(page.getByRole('textbox', { name: 'E-Mails ab' })).toHaveValue(yearAgo);
    // A provider fills both servers and says what to know; STARTTLS brings its port.
    await page.getByTestId('mailbox-provider').selectOption({ label: 'GMX' });
    await expect(imap.getByRole('textbox', { name: 'Server', exact: true })).toHaveValue('imap.gmx.net');
    await expect(smtp.getByRole('textbox', { name: 'Server', exact: true })).toHaveValue('mail.gmx.net');
    await expect(page.getByTestId('provider-note')).toContainText('App-Passwort');
    await smtp.getByRole('combobox', { name: 'Verschlüsselung' }).selectOption('starttls');
    await expect(smtp.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue('587');

    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await form.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(address);
    await fillServer(imap, german, { port: mail.imap.tlsPort, security: 'tls', password: 'falsches Passwort' });
    await fillServer(smtp, { ...german, trust: undefined }, { port: mail.smtp.port, security: 'none', password });
    // Servers typed over: no provider any more.
    await expect(page.getByTestId('mailbox-provider')).toHaveValue('');
    await expect(page.getByTestId('provider-note')).toHaveCount(0);
    await page.getByRole('button', { name: 'Prüfen und speichern' }).click();

    await expect(imap.getByTestId('problem-imap-auth')).toContainText('Anmeldung abgelehnt');
    await expect(imap.getByTestId('problem-imap-auth')).toContainText('Benutzername oder Passwort ist falsch');
    await expect(smtp.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('mailbox-save-problem')).toContainText('E-Mail-Konto wurde nicht gespeichert');
    allowConsoleErrors(consoleErrors, /status of 422/);
    // Nothing typed is lost.
    await expect(page).toHaveURL(/\/mailboxes\/new$/);
    await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
    await expect(imap.getByRole('textbox', { name: 'Passwort', exact: true })).toHaveValue('falsches Passwort');
    await expect(smtp.getByRole('textbox', { name: 'Passwort', exact: true })).toHaveValue(password);
    await expect(imap.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue(String(mail.imap.tlsPort));

    await imap.getByRole('textbox', { name: 'Passwort', exact: true }).fill(password);
    await page.getByRole('button', { name: 'Prüfen und speichern' }).click();
    await expect(page.getByText('E-Mail-Konto verbunden: Beide Server sind in Ordnung.')).toBeVisible();
    await expect(page).toHaveURL(/\/mailboxes$/);
    let card = page.getByTestId('mailbox').filter({ hasText: name });
    await expect(card.getByTestId('mailbox-status')).toHaveText('In Ordnung');
    await expect(card).toContainText(address);
    await expect(card).toContainText('Persönlich');
    await expect(card.getByTestId('mailbox-checked-at')).toContainText(
      /Zuletzt geprüft: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/,
    );

    // A new name; the passwords stay stored (their fields are empty and say so).
    await card.getByRole('link', { name: 'Bearbeiten' }).click();
    await expect(page.getByRole('heading', { name: 'E-Mail-Konto bearbeiten' })).toBeVisible();
    await expect(imap.getByRole('textbox', { name: 'Server', exact: true })).toHaveValue('127.0.0.1');
    await expect(imap.getByRole('textbox', { name: 'Passwort', exact: true })).toHaveValue('');
    await expect(imap).toContainText('Leer lassen, um das gespeicherte Passwort zu behalten.');
    await expect(imap.getByRole('checkbox', { name: 'Selbst signiertem Zertifikat vertrauen' })).toBeChecked();
    const renamed = `${name} Nord`;
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(renamed);
    await page.getByRole('button', { name: 'Prüfen und speichern' }).click();
    await expect(page.getByText('Änderungen gespeichert.')).toBeVisible();
    card = page.getByTestId('mailbox').filter({ hasText: renamed });
    await expect(card.getByTestId('mailbox-name')).toHaveText(renamed);

    // The password changed at the provider: checking again shows the failure, in German.
    await mail.addUser(address, 'ein neues Passwort');
    await noToasts(page);
    await card.getByRole('button', { name: 'Erneut prüfen' }).click();
    await expect(page.getByText(`Geprüft: Ein Server hat Probleme, siehe „${renamed}“.`)).toBeVisible();
    await expect(card.getByTestId('mailbox-status')).toHaveText('Störung');
    await expect(card.getByTestId('problem-imap-auth')).toContainText('IMAP (Empfang): Anmeldung abgelehnt');
    await mail.addUser(address, password);
    await noToasts(page);
    await card.getByRole('button', { name: 'Erneut prüfen' }).click();
    await expect(page.getByText('Geprüft: IMAP und SMTP sind in Ordnung.')).toBeVisible();
    await expect(card.getByTestId('mailbox-status')).toHaveText('In Ordnung');
    await expect(card.getByTestId('problem-imap-auth')).toHaveCount(0);

    // Removing asks first; cancelling keeps it.
    await card.getByRole('button', { name: 'Entfernen' }).click();
    const dialog = page.getByTestId('remove-mailbox');
    await expect(dialog).toContainText(`Farley vergisst „${renamed}“`);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(card).toBeVisible();
    await card.getByRole('button', { name: 'Entfernen' }).click();
    await dialog.getByRole('button', { name: 'Entfernen' }).click();
    await expect(page.getByText('E-Mail-Konto entfernt.')).toBeVisible();
    await expect(page.getByTestId('mailbox').filter({ hasText: renamed })).toHaveCount(0);
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('an agent connects an account: an SMTP port nothing listens on is named at SMTP', async ({
    page,
    request,
    consoleErrors,
  }) => {
    const api = await apiAs(request);
    const agent = { email: `agent-${unique()}@farley.example`, password: `agent-${unique()}-pass` };
    await api.post('/users', { email: agent.email, name: 'Mail Agent', role: 'agent', password: agent.password });
    const address = `sales-${unique()}@farley.example`;
    const password = 'correct horse battery';
    await mailUser(address, password);

    await signIn(page, '/mailboxes', agent);
    await expect(page.getByRole('heading', { name: 'Email accounts' })).toBeVisible();
    await page.getByRole('link', { name: 'Add email account' }).click();
    const form = page.getByTestId('mailbox-form');
    const imap = page.getByTestId('mailbox-imap');
    const smtp = page.getByTestId('mailbox-smtp');
    const english = {
      host: 'Server',
      security: 'Security',
      port: 'Port',
      password: 'Password',
      trust: 'Trust a self-signed certificate',
    };
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Sales');
    await form.getByRole('textbox', { name: 'Email address', exact: true }).fill(address);
    await fillServer(imap, english, { port: mail.imap.tlsPort, security: 'tls', password });
    await fillServer(smtp, { ...english, trust: undefined }, { port: await freePort(), security: 'none', password });
    // Only admins share an account with a team.
    await expect(form.getByRole('combobox', { name: 'Team' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Check and save' }).click();
    await expect(smtp.getByTestId('problem-smtp-unreachable')).toContainText('Server not reachable');
    await expect(imap.getByRole('alert')).toHaveCount(0);
    allowConsoleErrors(consoleErrors, /status of 422/);

    await fillServer(smtp, { ...english, trust: undefined }, { port: mail.smtp.port, security: 'none', password });
    await page.getByRole('button', { name: 'Check and save' }).click();
    await expect(page.getByText('Email account connected: both servers are working.')).toBeVisible();
    const card = page.getByTestId('mailbox').filter({ hasText: address });
    await expect(card.getByTestId('mailbox-status')).toHaveText('Working');
    await expect(card).toContainText(/Last checked: \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    await card.getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('remove-mailbox').getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByText('Email account removed.')).toBeVisible();
    await expect(card).toHaveCount(0);
  });
});

test.describe('screenshots', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  async function shoot(page: Page, name: string) {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide' });
  }

  test('the email accounts of the demo workspace, and a refused password, in German', async ({
    page,
    request,
    consoleErrors,
  }) => {
    test.setTimeout(180_000);
    const account = demoAccount(['--contacts', '100']);
    const api = await apiAs(request, account);
    const teams = (await (await request.get('/api/v1/teams')).json()).data as Array<{ id: string; name: string }>;
    const team = teams.find((one) => one.name === 'Vertrieb Innendienst');
    expect(team, 'the demo has the team "Vertrieb Innendienst"').toBeTruthy();
    const server = (port: number, security: 'tls' | 'none', username: string, password: string) => ({
      host: mail.imap.host,
      port,
      security,
      trustSelfSigned: security === 'tls',
      username,
      password,
    });
    const connect = async (name: string, address: string, teamId?: string) => {
      await mailUser(address, 'Sommer2026!');
      return api.post<{ id: string }>('/mailboxes', {
        name,
        address,
        teamId,
        imap: server(mail.imap.tlsPort, 'tls', address, 'Sommer2026!'),
        smtp: server(mail.smtp.port, 'none', address, 'Sommer2026!'),
      });
    };
    await connect('Vertrieb', 'vertrieb@demo-gmbh.example', team!.id);
    await connect('Info', 'info@demo-gmbh.example', team!.id);
    const own = await connect('Katrin Weiß', 'k.weiss@demo-gmbh.example');
    // Her password was changed at the provider: the last check failed.
    await mail.addUser('k.weiss@demo-gmbh.example', 'Herbst2026!');
    expect((await request.post(`/api/v1/mailboxes/${own.id}/check`, { headers: api.headers })).ok()).toBe(true);

    await signIn(page, '/mailboxes', account);
    await expect(page.getByTestId('mailbox')).toHaveCount(3);
    await expect(
      page.getByTestId('mailbox').filter({ hasText: 'Katrin Weiß' }).getByTestId('mailbox-status'),
    ).toHaveText('Störung');
    await shoot(page, 'mailboxes');

    await page.getByRole('link', { name: 'E-Mail-Konto hinzufügen' }).click();
    const form = page.getByTestId('mailbox-form');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Buchhaltung');
    await form.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill('buchhaltung@demo-gmbh.example');
    await mailUser('buchhaltung@demo-gmbh.example', 'Winter2026!');
    await fillServer(page.getByTestId('mailbox-imap'), german, {
      port: mail.imap.tlsPort,
      security: 'tls',
      password: 'Sommer2026!',
    });
    await fillServer(
      page.getByTestId('mailbox-smtp'),
      { ...german, trust: undefined },
      { port: mail.smtp.port, security: 'none', password: 'Winter2026!' },
    );
    await page.getByRole('button', { name: 'Prüfen und speichern' }).click();
    await expect(page.getByTestId('problem-imap-auth')).toBeVisible();
    allowConsoleErrors(consoleErrors, /status of 422/);
    // The refusal brought the IMAP section into view; the shot shows it from its heading on
    // (below the app's header).
    await expect(page.getByTestId('problem-imap-auth')).toBeInViewport();
    await page.getByTestId('mailbox-imap').evaluate((section) => {
      section.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -72);
    });
    await shoot(page, 'mailbox-form');
    // On a phone nothing of the form or the list runs off to the side.
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(page.getByTestId('mailbox')).toHaveCount(3);
    await expectNoSidewaysScroll(page);
  });
});
