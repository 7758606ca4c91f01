// The servers of common mail providers, so that choosing one fills host, port and security of
// both servers. As Mozilla Thunderbird's provider database (ISPDB, github.com/thunderbird/autoconfig)
// lists them; the user name stays the form's default, the email address.
// A provider with a catch (an app password, IMAP to switch on, a password of its own for mail
// programs) has a note: `mailboxes.providers.notes.<id>`.
import type { MailServerInput } from '../../../contract/mailboxes.ts';

type Server = Pick<MailServerInput, 'host' | 'port' | 'security'>;

export interface Provider {
  id: string;
  /** The provider's own name; not translated. */
  name: string;
  imap: Server;
  smtp: Server;
  hasNote: boolean;
}

const imaps = (host: string): Server => ({ host, port: 993, security: 'tls' });
const smtps = (host: string): Server => ({ host, port: 465, security: 'tls' });

export const providers: Provider[] = [
  { id: 'gmx', name: 'GMX', imap: imaps('imap.gmx.net'), smtp: smtps('mail.gmx.net'), hasNote: true },
  { id: 'webde', name: 'WEB.DE', imap: imaps('imap.web.de'), smtp: smtps('smtp.web.de'), hasNote: true },
  {
    id: 'tonline',
    name: 'T-Online (Telekom)',
    imap: imaps('secureimap.t-online.de'),
    smtp: smtps('securesmtp.t-online.de'),
    hasNote: true,
  },
  { id: 'ionos', name: 'IONOS (1&1)', imap: imaps('imap.ionos.de'), smtp: smtps('smtp.ionos.de'), hasNote: false },
  { id: 'strato', name: 'Strato', imap: imaps('imap.strato.de'), smtp: smtps('smtp.strato.de'), hasNote: false },
  { id: 'gmail', name: 'Gmail', imap: imaps('imap.gmail.com'), smtp: smtps('smtp.gmail.com'), hasNote: true },
  {
    id: 'microsoft',
    name: 'Outlook.com / Microsoft 365',
    imap: imaps('outlook.office365.com'),
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    hasNote: true,
  },
  {
    id: 'mailboxorg',
    name: 'mailbox.org',
    imap: imaps('imap.mailbox.org'),
    smtp: smtps('smtp.mailbox.org'),
    hasNote: true,
  },
  { id: 'posteo', name: 'Posteo', imap: imaps('posteo.de'), smtp: smtps('posteo.de'), hasNote: false },
];

/** The provider whose servers these are, if any: so an edited mailbox shows its provider again. */
export function providerOf(imapHost: string, smtpHost: string): Provider | undefined {
  return providers.find((provider) => provider.imap.host === imapHost && provider.smtp.host === smtpHost);
}
