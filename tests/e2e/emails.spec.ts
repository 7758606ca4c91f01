// Email in the browser, against real mail servers started here (Dovecot for IMAP, an SMTP sink;
// src/server/testing/mail.ts). In German: a customer's mail, synced from the mailbox, is on the
// contact's timeline; it opens with its thread (remote images blocked until asked for, in a
// sandboxed frame); the reply, written with a template, goes out with the right subject and
// In-Reply-To, lands in the Sent folder and on the timeline; the global search finds it; and the
// correspondent made private takes their mail off the timeline. In English: writing from a deal
// page with a file and the deal's issued quote attached (its PDF, by the quote's number). And
// the screenshots of the demo workspace (thread, compose, inbox).
import { simpleParser } from 'mailparser';
import type { APIRequestContext, Page } from '@playwright/test';
import { startMailServers, type MailServers } from '../../src/server/testing/mail.ts';
import { allowConsoleErrors, apiAs, demoAccount, expect, signIn, test, unique } from './fixtures.ts';

let mail: MailServers;
test.beforeAll(async () => {
  mail = await startMailServers();
});
test.afterAll(async () => {
  await mail?.stop();
});

test.describe.configure({ timeout: 180_000 });

// While Playwright's test runner watches a page, Chromium reports every script it may not run in
// a message's frame: the sandbox doing its work (the app runs none there; a plain browser
// reports nothing), not an error of the app. And the made-up image host of the German test does
// not exist: once its image is asked for, the browser says so. The mailboxes spec, running beside
// this one as the same admin, removes its mailbox while the E-Mails page may be watching it.
test.afterEach(({ consoleErrors }) => {
  allowConsoleErrors(
    consoleErrors,
    /Failed to load resource: the server responded with a status of 404 \(Not Found\) \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/mailboxes\/[0-9a-f-]+\/sync\)/,
  );
  allowConsoleErrors(
    consoleErrors,
    /Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/,
  );
  allowConsoleErrors(
    consoleErrors,
    /Failed to load resource: net::ERR_NAME_NOT_RESOLVED \(https:\/\/bilder\.weber-bau\.example/,
  );
});

type Api = Awaited<ReturnType<typeof apiAs>>;

/** A raw message; `html` makes it multipart/alternative with the text beside it. */
function message(headers: Record<string, string>, text: string, html?: string): string {
  const crlf = (value: string) => value.replace(/\r?\n/g, '\r\n');
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  if (!html) return `${head}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${crlf(text)}\r\n`;
  const boundary = `b-${unique()}`;
  return crlf(
    [
      head,
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      `--${boundary}--`,
      '',
    ].join('\n'),
  );
}

/** A mail date some hours back, as a Date header writes it. */
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toUTCString();

/** A Dovecot user with INBOX and Sent, connected as the caller's mailbox (IMAPS, self-signed). */
async function connectMailbox(api: Api, address: string, name: string, signature?: string) {
  const password = `pw-${unique()}`;
  await mail.addUser(address, password);
  await mail.append(address, 'Sent', `Subject: Ordner\r\nFrom: ${address}\r\n\r\nSent anlegen.\r\n`);
  const server = (port: number, security: 'tls' | 'none') => ({
    host: mail.imap.host,
    port,
    security,
    trustSelfSigned: security === 'tls',
    username: address,
    password,
  });
  const created = await api.post<{ id: string }>('/mailboxes', {
    name,
    address,
    imap: server(mail.imap.tlsPort, 'tls'),
    smtp: server(mail.smtp.port, 'none'),
    syncSince: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
    ...(signature ? { signature } : {}),
  });
  return { id: created.id, address };
}

/** Starts a sync and waits until it ended (idle with a new "synced at"). */
async function syncNow(request: APIRequestContext, api: Api, mailboxId: string) {
  const status = async () =>
    (await (await request.get(`/api/v1/mailboxes/${mailboxId}/sync`)).json()) as {
      state: string;
      syncedAt: string | null;
    };
  const before = (await status()).syncedAt;
  const started = await request.post(`/api/v1/mailboxes/${mailboxId}/sync`, { headers: api.headers });
  expect(started.status(), await started.text()).toBe(202);
  await expect
    .poll(
      async () => {
        const now = await status();
        return now.state === 'idle' && now.syncedAt !== before;
      },
      { timeout: 60_000, message: 'the sync ends' },
    )
    .toBe(true);
}

/** The message the SMTP sink received with this subject, parsed. */
async function received(subject: string) {
  const raw = await mail.waitForMessage((one) => one.raw.toString('utf8').includes(subject), 30_000);
  return { envelope: raw, parsed: await simpleParser(raw.raw) };
}

test.describe('in German', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('a customer mail on the timeline: read, answered with a template, found, made private', async ({
    page,
    request,
  }) => {
    const api = await apiAs(request);
    const suffix = unique();
    const jonas = `jonas.weber.${suffix}@weber-bau.example`;
    const company = await api.post<{ id: string }>('/companies', { name: 'Weber Bau GmbH' });
    const contact = await api.post<{ id: string }>('/contacts', {
      salutation: 'Herr',
      firstName: 'Jonas',
      lastName: 'Weber',
      emails: [{ email: jonas }],
    });
    await api.post(`/contacts/${contact.id}/affiliations`, { companyId: company.id });
    const mailbox = await connectMailbox(api, `anna.berger.${suffix}@farley.example`, 'Anna Berger');
    const subject = `Angebot Lagerhalle ${suffix}`;
    const messageId = `<anfrage-${suffix}@weber-bau.example>`;
    await mail.append(
      mailbox.address,
      'INBOX',
      message(
        {
          From: `Jonas Weber <${jonas}>`,
          To: `Anna Berger <${mailbox.address}>`,
          Subject: subject,
          Date: hoursAgo(3),
          'Message-ID': messageId,
        },
        'Guten Tag Frau Berger,\nbitte senden Sie uns ein Angebot für die Lagerhalle.\n\nMit freundlichen Grüßen\nJonas Weber',
        '<p>Guten Tag Frau Berger,</p><p>bitte senden Sie uns ein Angebot für die <b>Lagerhalle</b>.</p>' +
          '<p><img src="https://bilder.weber-bau.example/logo.png" alt="Weber Bau"></p>',
      ),
    );
    await syncNow(request, api, mailbox.id);
    const template = await api.post<{ id: string }>('/email-templates', {
      name: `Angebot nachfassen ${suffix}`,
      language: 'de',
      subject: 'Ihr Angebot für {{company.name}}',
      body: '<p>{{contact.salutation}}</p><p>vielen Dank für Ihre Anfrage. Das Angebot für {{deal.title}} folgt bis Freitag.</p>',
    });
    expect(template.id).toBeTruthy();
    // Remote images are loaded only when asked for: every request to their host is counted.
    const imageRequests: string[] = [];
    page.on('request', (sent) => {
      if (sent.url().includes('bilder.weber-bau.example')) imageRequests.push(sent.url());
    });

    await signIn(page, `/contacts/${contact.id}`);
    const timeline = page.getByTestId('timeline');
    const entry = timeline.getByTestId('timeline-entry').filter({ hasText: subject });
    await expect(entry).toHaveAttribute('data-email', 'true');
    await expect(page.getByTestId('record-emails')).toContainText(subject);
    await entry.getByRole('link', { name: subject }).click();

    const drawer = page.getByRole('dialog', { name: 'Unterhaltung' });
    await expect(drawer).toBeVisible();
    const view = drawer.getByTestId('email-view');
    await expect(view.getByTestId('email-subject')).toHaveText(subject);
    await expect(view.getByTestId('email-from')).toHaveText(`Jonas Weber <${jonas}>`);
    await expect(view.getByTestId('email-date')).toHaveText(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
    await expect(view.getByTestId('email-links')).toContainText('Weber Bau GmbH');
    // The body in a sandboxed frame: no scripts, no origin of its own, no remote images yet.
    const frame = view.getByTestId('email-frame');
    await expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
    await expect(frame).toHaveAttribute('srcdoc', /img-src data:; style-src 'unsafe-inline'/);
    await expect(page.frameLocator('[data-testid="email-frame"]').getByText('Lagerhalle')).toBeVisible();
    await expect(view.getByTestId('email-images-blocked')).toHaveText(/Externes Bild blockiert\s*Anzeigen/);
    expect(imageRequests).toEqual([]);
    await view.getByRole('button', { name: 'Anzeigen' }).click();
    await expect(view.getByTestId('email-images-blocked')).toHaveCount(0);
    await expect(frame).toHaveAttribute('srcdoc', /img-src data: https: http:/);
    await expect.poll(() => imageRequests.length).toBeGreaterThan(0);

    // Reply with a template: "Re:" kept, the customer's values filled in, the gap named.
    await view.getByRole('button', { name: 'Antworten' }).click();
    const compose = page.getByRole('dialog', { name: 'Antworten' });
    await expect(compose.getByTestId('compose-to')).toContainText(`Jonas Weber <${jonas}>`);
    await expect(compose.getByRole('textbox', { name: 'Betreff' })).toHaveValue(`Re: ${subject}`);
    await compose.getByRole('combobox', { name: 'Vorlage' }).click();
    await page.getByRole('option', { name: `Angebot nachfassen ${suffix} (DE)` }).click();
    const body = compose.getByRole('textbox', { name: 'Text der E-Mail' });
    await expect(body).toContainText('Sehr geehrter Herr Weber,');
    await expect(body).toContainText('vielen Dank für Ihre Anfrage.');
    await expect(compose.getByTestId('compose-missing')).toContainText('{{deal.title}}');
    await expect(compose.getByRole('textbox', { name: 'Betreff' })).toHaveValue(`Re: ${subject}`);
    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Herzliche Grüße aus Köln');
    await expect(compose.getByRole('checkbox', { name: 'Ursprüngliche Nachricht zitieren' })).toBeChecked();
    await compose.getByRole('button', { name: 'Senden' }).click();
    await expect(page.getByText('E-Mail gesendet.')).toBeVisible();
    await expect(compose).toHaveCount(0);

    const reply = await received(`Re: ${subject}`);
    expect(reply.envelope.to).toEqual([jonas]);
    expect(reply.parsed.subject).toBe(`Re: ${subject}`);
    expect(reply.parsed.inReplyTo).toBe(messageId);
    expect(reply.parsed.html || '').toContain('Sehr geehrter Herr Weber,');
    expect(reply.parsed.html || '').toContain('Herzliche Grüße aus Köln');
    expect(reply.parsed.text || '').toContain('bitte senden Sie uns ein Angebot');
    await expect.poll(() => mail.subjects(mailbox.address, 'Sent')).toContain(`Re: ${subject}`);

    // At once in the thread and on the timeline.
    await expect(drawer.getByTestId('thread-message')).toHaveCount(2);
    await expect(drawer.getByText('2 Nachrichten')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    await expect(timeline.getByTestId('timeline-entry').filter({ hasText: `Re: ${subject}` })).toBeVisible();

    // The global search finds the mail and opens it on the E-Mails page.
    await page.keyboard.press('Control+k');
    await page.getByTestId('global-search-input').fill(suffix);
    const mails = page.getByRole('group', { name: 'E-Mails' });
    await expect(mails.getByRole('option', { name: new RegExp(`^${subject}`) })).toContainText('Jonas Weber');
    await mails.getByRole('option', { name: new RegExp(`^${subject}`) }).click();
    await expect(page).toHaveURL(/\/emails\?email=[0-9a-f-]{36}$/);
    await expect(page.getByTestId('inbox-reading').getByTestId('email-subject').first()).toHaveText(subject);

    // The correspondent made private: their mail leaves the timeline.
    await signIn(page, `/contacts/${contact.id}`);
    await timeline.getByRole('link', { name: subject, exact: true }).click();
    await drawer.getByTestId('email-view').first().getByRole('button', { name: 'Korrespondent privat' }).click();
    const ask = page.getByRole('dialog', { name: 'Korrespondent privat machen?' });
    await expect(ask).toContainText(`Alle E-Mails von und an ${jonas} verlassen das CRM`);
    await ask.getByRole('button', { name: 'Alle E-Mails entfernen' }).click();
    await expect(page.getByText('2 E-Mails haben das CRM verlassen.')).toBeVisible();
    await expect(drawer).toHaveCount(0);
    await expect(timeline.locator('[data-email="true"]')).toHaveCount(0);
    await expect(page.getByTestId('record-emails')).toContainText('Noch keine E-Mails.');
    const exclusions = (await (await request.get('/api/v1/email-exclusions')).json()) as {
      data: Array<{ kind: string; value: string }>;
    };
    expect(exclusions.data).toContainEqual(expect.objectContaining({ kind: 'address', value: jonas }));
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('a new email from a deal page, with a file and the deal’s quote, goes to the deal’s contact', async ({
    page,
    request,
  }) => {
    const api = await apiAs(request);
    const suffix = unique();
    const ida = `ida.schmidt.${suffix}@schmidt-metall.example`;
    const contact = await api.post<{ id: string }>('/contacts', {
      firstName: 'Ida',
      lastName: 'Schmidt',
      emails: [{ email: ida }],
    });
    const deal = await api.post<{ id: string }>('/deals', { title: `Hall roof ${suffix}`, contactId: contact.id });
    const mailbox = await connectMailbox(
      api,
      `sales.${suffix}@farley.example`,
      `Sales ${suffix}`,
      '<p>Anna Berger<br>Berger Beratung</p>',
    );
    // The deal's quotes: one issued (offered in compose), one still a draft (not offered).
    const quoteOf = (subject: string) =>
      api.post<{ id: string }>('/quotes', {
        subject,
        dealId: deal.id,
        lines: [{ kind: 'item', name: 'Roof panels', quantity: '2', unitPrice: '1250.00', vatRate: '19' }],
      });
    const quote = await quoteOf(`Roof renewal ${suffix}`);
    await quoteOf(`Roof draft ${suffix}`);
    const issue = await request.post(`/api/v1/quotes/${quote.id}/issue`, { headers: api.headers });
    expect(issue.status(), await issue.text()).toBe(200);
    const { number } = (await issue.json()) as { number: string };
    expect(number).toMatch(/^AN-\d{4}-\d{4}$/);

    await signIn(page, `/deals/${deal.id}`);
    const panel = page.getByTestId('record-emails');
    await expect(panel).toContainText('No emails yet.');
    await panel.getByRole('button', { name: 'New email' }).click();
    const compose = page.getByRole('dialog', { name: 'New email' });
    await expect(compose.getByTestId('compose-to')).toContainText(`Ida Schmidt <${ida}>`);
    // The user's other mailboxes are offered too; this one has a signature.
    await compose.getByRole('combobox', { name: 'From' }).click();
    await page.getByRole('option', { name: `Sales ${suffix} <${mailbox.address}>` }).click();
    await expect(compose.getByTestId('compose-signature')).toBeVisible();
    const subject = `Roof offer ${suffix}`;
    await compose.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await compose.getByRole('textbox', { name: 'Text of the email' }).fill('Please find our offer attached.');
    await compose
      .getByTestId('compose-attachments')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'Angebot.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 offer') });
    await expect(compose.getByTestId('compose-attachment')).toContainText('Angebot.pdf');
    await expect(compose.getByTestId('compose-attachments')).toContainText('At most 25 MB per file');
    await compose.getByRole('button', { name: 'Attach quote' }).click();
    const offered = page.getByTestId('compose-quote-options');
    await expect(offered.getByRole('checkbox')).toHaveCount(1);
    await expect(offered).toHaveText(new RegExp(`^${number} · Roof renewal ${suffix}\\s*€2,500\\.00 net$`));
    await offered.getByRole('checkbox', { name: `${number} · Roof renewal ${suffix}` }).check();
    // The checklist closes on its button (Escape would close the dialog too).
    await compose.getByRole('button', { name: 'Attach quote' }).click();
    await expect(offered).toHaveCount(0);
    await expect(compose.getByTestId('compose-attachment').filter({ hasText: `${number}.pdf` })).toContainText(
      'PDF of the quote',
    );
    await compose.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByText('Email sent.')).toBeVisible();

    const sent = await received(subject);
    expect(sent.envelope.to).toEqual([ida]);
    expect(sent.parsed.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      [`${number}.pdf`, 'application/pdf'],
      ['Angebot.pdf', 'application/pdf'],
    ]);
    expect(sent.parsed.attachments[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sent.parsed.html || '').toContain('Berger Beratung');
    await expect(panel.getByTestId('email-row').filter({ hasText: subject })).toContainText('To Ida Schmidt');
    await panel.getByTestId('email-row').filter({ hasText: subject }).click();
    const view = page.getByRole('dialog', { name: 'Conversation' }).getByTestId('email-view');
    await expect(view.getByTestId('email-subject')).toHaveText(subject);
    await expect(view.getByTestId('email-attachment')).toHaveText([`${number}.pdf`, 'Angebot.pdf']);
    const download = page.waitForEvent('download');
    await view.getByTestId('email-attachment').filter({ hasText: 'Angebot.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('Angebot.pdf');
  });
});

test.describe('screenshots', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1440, height: 900 } });

  async function shoot(page: Page, name: string) {
    await page.evaluate(() => document.fonts.ready);
    // No focus ring on the dialog's close button in the picture.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide' });
  }

  test('a customer’s conversation, a reply with a template and the E-Mails page in the demo workspace', async ({
    page,
    request,
  }) => {
    const account = demoAccount(['--contacts', '100']);
    const api = await apiAs(request, account);
    const company = await api.post<{ id: string }>('/companies', {
      name: 'Weber Bau GmbH',
      website: 'https://www.weber-bau.example',
    });
    const jonas = await api.post<{ id: string }>('/contacts', {
      salutation: 'Herr',
      firstName: 'Jonas',
      lastName: 'Weber',
      jobTitle: 'Einkauf',
      emails: [{ email: 'jonas.weber@weber-bau.example' }],
      phones: [{ number: '0221 4711 230' }],
    });
    await api.post(`/contacts/${jonas.id}/affiliations`, { companyId: company.id });
    await api.post('/deals', {
      title: 'Lagerhalle Köln-Ost',
      contactId: jonas.id,
      companyId: company.id,
      amount: { amount: '184000.00', currency: 'EUR' },
    });
    const mailbox = await connectMailbox(
      api,
      'anna.berger@berger-beratung.example',
      'Anna Berger',
      '<p>Mit freundlichen Grüßen<br>Anna Berger<br>Berger Beratung GmbH · Tel. 0221 987 654</p>',
    );
    const weber = (subject: string, id: string, hours: number, text: string, extra: Record<string, string> = {}) =>
      message(
        {
          From: 'Jonas Weber <jonas.weber@weber-bau.example>',
          To: `Anna Berger <${mailbox.address}>`,
          Subject: subject,
          Date: hoursAgo(hours),
          'Message-ID': `<${id}@weber-bau.example>`,
          ...extra,
        },
        text,
        `<p>${text.replace(/\n\n/g, '</p><p>').replace(/\n/g, '<br>')}</p>`,
      );
    await mail.append(
      mailbox.address,
      'INBOX',
      weber(
        'Angebot Lagerhalle Köln-Ost',
        'lager-1',
        52,
        'Guten Tag Frau Berger,\n\nwie besprochen planen wir die neue Lagerhalle in Köln-Ost mit rund 2.400 m² Fläche. Bitte senden Sie uns ein Angebot für die Planung bis Ende des Monats.\n\nMit freundlichen Grüßen\nJonas Weber\nEinkauf\nWeber Bau GmbH',
      ),
    );
    await mail.append(
      mailbox.address,
      'Sent',
      message(
        {
          From: `Anna Berger <${mailbox.address}>`,
          To: 'Jonas Weber <jonas.weber@weber-bau.example>',
          Subject: 'Re: Angebot Lagerhalle Köln-Ost',
          Date: hoursAgo(30),
          'Message-ID': `<antwort-1@berger-beratung.example>`,
          'In-Reply-To': '<lager-1@weber-bau.example>',
          References: '<lager-1@weber-bau.example>',
        },
        'Sehr geehrter Herr Weber,\n\nvielen Dank für Ihre Anfrage. Können Sie uns noch die Pläne des Grundstücks schicken?\n\nMit freundlichen Grüßen\nAnna Berger',
      ),
    );
    await mail.append(
      mailbox.address,
      'INBOX',
      weber(
        'Re: Angebot Lagerhalle Köln-Ost',
        'lager-2',
        4,
        'Guten Tag Frau Berger,\n\nanbei die Pläne des Grundstücks. Für Rückfragen erreichen Sie mich jederzeit unter 0221 4711 230.\n\nMit freundlichen Grüßen\nJonas Weber',
        {
          'In-Reply-To': '<antwort-1@berger-beratung.example>',
          References: '<lager-1@weber-bau.example> <antwort-1@berger-beratung.example>',
        },
      ),
    );
    // Someone the CRM does not know yet, who wrote twice: an unknown sender with a signature.
    for (const [hours, subject] of [
      [70, 'Anfrage Hallenbeleuchtung'],
      [20, 'Re: Anfrage Hallenbeleuchtung'],
    ] as const)
      await mail.append(
        mailbox.address,
        'INBOX',
        message(
          {
            From: 'Markus Brandt <m.brandt@holzbau-brandt.example>',
            To: mailbox.address,
            Subject: subject,
            Date: hoursAgo(hours),
            'Message-ID': `<brandt-${hours}@holzbau-brandt.example>`,
          },
          'Hallo Frau Berger,\n\nhaben Sie Zeit für ein kurzes Gespräch nächste Woche?\n\nViele Grüße\nMarkus Brandt\nTechnischer Leiter\nHolzbau Brandt KG\nTel. 0711 2345 678',
        ),
      );
    await syncNow(request, api, mailbox.id);
    await api.post('/email-templates', {
      name: 'Angebot nachfassen',
      language: 'de',
      subject: 'Ihr Angebot für {{deal.title}}',
      body:
        '<p>{{contact.salutation}}</p><p>vielen Dank für die Pläne. Das Angebot für {{deal.title}} schicken wir Ihnen bis Freitag; ' +
        'bei Fragen melden Sie sich gern.</p>',
    });

    const newest = (await (await request.get(`/api/v1/emails?contactId=${jonas.id}&limit=1`)).json()) as {
      data: Array<{ id: string }>;
    };
    await signIn(page, `/contacts/${jonas.id}?email=${newest.data[0]!.id}`, account);
    const drawer = page.getByRole('dialog', { name: 'Unterhaltung' });
    await expect(drawer.getByTestId('thread-message')).toHaveCount(3);
    await expect(page.frameLocator('[data-testid="email-frame"]').getByText('anbei die Pläne')).toBeVisible();
    await shoot(page, 'email-thread');

    await drawer.getByTestId('email-view').last().getByRole('button', { name: 'Antworten' }).click();
    const compose = page.getByRole('dialog', { name: 'Antworten' });
    await compose.getByRole('combobox', { name: 'Vorlage' }).click();
    await page.getByRole('option', { name: 'Angebot nachfassen (DE)' }).click();
    await expect(compose.getByRole('textbox', { name: 'Text der E-Mail' })).toContainText('Sehr geehrter Herr Weber,');
    await shoot(page, 'email-compose');
    await compose.getByRole('button', { name: 'Abbrechen' }).click();
    await page.keyboard.press('Escape');

    await signIn(page, '/emails', account);
    await page.getByTestId('inbox-list').getByTestId('email-row').first().click();
    await expect(page.getByTestId('inbox-reading').getByTestId('thread-message')).toHaveCount(3);
    await expect(page.getByTestId('inbox-senders')).toContainText('Markus Brandt');
    await expect(page.getByTestId('sync-state')).toHaveText('Bereit');
    await page.getByTestId('inbox-senders').getByRole('button', { name: 'Als Kontakt anlegen' }).click();
    const create = page.getByRole('dialog', { name: 'Kontakt anlegen' });
    await expect(create.getByRole('textbox', { name: 'Nachname' })).toHaveValue('Brandt');
    await expect(create.getByRole('textbox', { name: 'Position' })).toHaveValue('Technischer Leiter');
    await create.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(create).toHaveCount(0);
    // Tall enough for the panels below the list.
    await page.setViewportSize({ width: 1440, height: 1060 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'email-inbox');

    // Sync now; the unknown sender becomes a contact, filled from his signature.
    const started = page.waitForResponse(
      (answer) => answer.url().endsWith('/sync') && answer.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    expect((await started).status()).toBe(202);
    await expect(page.getByTestId('sync-state')).toHaveText('Bereit');
    await page.getByTestId('inbox-senders').getByRole('button', { name: 'Als Kontakt anlegen' }).click();
    await expect(create.getByRole('textbox', { name: 'Vorname' })).toHaveValue('Markus');
    await create.getByRole('button', { name: 'Kontakt anlegen' }).click();
    await expect(page.getByText('Kontakt für m.brandt@holzbau-brandt.example angelegt.')).toBeVisible();
    await expect(page.getByTestId('inbox-senders')).toContainText('Niemand Unbekanntes hat mehrmals geschrieben.');
    const found = (await (await request.get('/api/v1/contacts?q=m.brandt@holzbau-brandt.example')).json()) as {
      data: Array<{ firstName: string; lastName: string; jobTitle: string; phones: Array<{ e164: string | null }> }>;
    };
    expect(found.data).toEqual([
      expect.objectContaining({ firstName: 'Markus', lastName: 'Brandt', jobTitle: 'Technischer Leiter' }),
    ]);
    expect(found.data[0]!.phones[0]?.e164).toBe('+497112345678');
  });
});
