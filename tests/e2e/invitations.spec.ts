// Invitations in the browser, against real mail servers started here (Dovecot for IMAP, an SMTP
// sink; src/server/testing/mail.ts): a sales rep with her own mailbox makes an appointment on a
// customer's page and sends the invitation; it arrives at the SMTP sink as iCalendar
// (METHOD:REQUEST); the customer's acceptance, arriving in her inbox by IMAP, shows as "Zugesagt"
// on the appointment; the appointment is on the customer's timeline. Its own user, so the
// other specs' e2e admin (who has no mailbox) stays as they expect.
import type { APIRequestContext } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { startMailServers, type MailServers } from '../../src/server/testing/mail.ts';
import { fromICalendar, toICalendar } from '../../src/server/modules/appointments/appointments.ical.ts';
import { apiAs, expect, signIn, test, unique } from './fixtures.ts';

let mail: MailServers;
test.beforeAll(async () => {
  mail = await startMailServers();
});
test.afterAll(async () => {
  await mail?.stop();
});
test.describe.configure({ timeout: 180_000 });
test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

/** A new agent with a password, signed in through the API, and her own mailbox at Dovecot. */
async function salesRep(request: APIRequestContext, suffix: string) {
  const admin = await apiAs(request);
  const account = { email: `anna.berger-${suffix}@berger-beratung.example`, password: `geheim-${suffix}-pw` };
  await admin.post('/users', { email: account.email, name: 'Anna Berger', role: 'agent', password: account.password });
  const api = await apiAs(request, account);
  const mailPassword = `pw-${suffix}`;
  await mail.addUser(account.email, mailPassword);
  await mail.append(account.email, 'Sent', `Subject: Ordner\r\nFrom: ${account.email}\r\n\r\nSent anlegen.\r\n`);
  const server = (port: number, security: 'tls' | 'none') => ({
    host: mail.imap.host,
    port,
    security,
    trustSelfSigned: security === 'tls',
    username: account.email,
    password: mailPassword,
  });
  const mailbox = await api.post<{ id: string }>('/mailboxes', {
    name: 'Anna',
    address: account.email,
    imap: server(mail.imap.tlsPort, 'tls'),
    smtp: server(mail.smtp.port, 'none'),
    syncSince: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
  });
  return { account, api, mailboxId: mailbox.id };
}

test('an invitation sent from a customer’s page goes out as iCalendar, and the acceptance by mail shows', async ({
  page,
  request,
}) => {
  const suffix = unique();
  const { account, api, mailboxId } = await salesRep(request, suffix);
  const customer = `jonas.weber-${suffix}@weber-bau.example`;
  const contact = await api.post<{ id: string }>('/contacts', {
    salutation: 'Herr',
    firstName: 'Jonas',
    lastName: 'Weber',
    emails: [{ email: customer, primary: true }],
  });

  await signIn(page, `/contacts/${contact.id}`, account);
  await page.getByTestId('new-appointment').click();
  const form = page.getByTestId('appointment-form');
  await expect(form).toContainText('Jonas Weber');
  const title = `Abnahme Halle 2 ${suffix}`;
  await form.getByLabel('Titel').fill(title);
  await form.getByLabel('Ort').fill('Weber Bau GmbH, Industriestraße 4, Augsburg');
  await page.getByTestId('appointment-save').click();
  await expect(page.getByTestId('appointment-saved')).toContainText(title);
  await page.getByTestId('send-invitations').click();
  await expect(page.getByTestId('invitations-sent')).toBeVisible();
  await page.getByTestId('appointment-done').click();

  // At the SMTP sink: a message to the customer with a valid iCalendar request.
  const sent = await mail.waitForMessage(
    (m) => m.to.includes(customer) && m.raw.toString('utf8').includes(suffix),
    30_000,
  );
  const parsed = await simpleParser(sent.raw);
  expect(parsed.subject).toBe(`Einladung: ${title}`);
  const part = parsed.attachments.find((a) => a.contentType === 'text/calendar');
  expect(part, 'a text/calendar part').toBeTruthy();
  const invitation = fromICalendar(part!.content.toString('utf8'));
  expect(invitation.method).toBe('REQUEST');
  expect(invitation.series.title).toBe(title);
  expect(invitation.series.organizer?.email).toBe(account.email);
  expect(invitation.series.attendees.map((a) => [a.email, a.status])).toEqual([[customer, 'needs-action']]);

  // The customer accepts in his mail program; the answer arrives in Anna's inbox.
  const reply = toICalendar(
    [{ ...invitation.series, attendees: [{ email: customer, name: 'Jonas Weber', status: 'accepted' }] }],
    { method: 'REPLY' },
  );
  await mail.append(
    account.email,
    'INBOX',
    [
      `From: Jonas Weber <${customer}>`,
      `To: ${account.email}`,
      `Subject: Angenommen: ${title}`,
      `Message-ID: <accept-${suffix}@weber-bau.example>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/calendar; charset=utf-8; method=REPLY',
      '',
      reply,
    ].join('\r\n'),
  );
  const started = await request.post(`/api/v1/mailboxes/${mailboxId}/sync`, { headers: api.headers });
  expect(started.status(), await started.text()).toBe(202);

  // On the customer's timeline: the meeting; opened, it shows his acceptance.
  await page.goto(`/contacts/${contact.id}`);
  // (The invitation itself is there too, as an email.)
  const meeting = page.locator('[data-testid="timeline-entry"][data-appointment="true"]').filter({ hasText: title });
  await expect(meeting).toBeVisible();
  await meeting.getByRole('link', { name: title, exact: true }).click();
  const attendee = page.getByTestId('appointment-details').getByTestId('appointment-attendee');
  await expect(attendee).toContainText('Jonas Weber');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('appointment-details').getByTestId('appointment-attendee')).toContainText(
      'Zugesagt',
      { timeout: 2_000 },
    );
  }).toPass({ timeout: 60_000 });
});
