// Test support: real mail servers for the email tests. Dovecot serves IMAP (./dovecot.ts);
// an SMTP sink (smtp-server, a real SMTP implementation) accepts every message, keeps it for
// the test and delivers it into the Dovecot INBOX of each recipient who is a Dovecot user.
import type { AddressInfo } from 'node:net';
import { ImapFlow } from 'imapflow';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { startDovecot } from './dovecot.ts';

export interface SmtpLogin {
  username: string;
  password: string;
}

/** A message as the sink received it: the SMTP envelope and the bytes after DATA. */
export interface ReceivedMail {
  from: string | null;
  to: string[];
  /** The AUTH the client sent, when it sent one (the sink accepts any). */
  login: SmtpLogin | null;
  raw: Buffer;
}

export interface MailServers {
  imap: {
    host: string;
    /** Plain IMAP, offering STARTTLS with the self-signed certificate. */
    port: number;
    secure: false;
    /** IMAPS: TLS from the first byte, with the self-signed certificate. */
    tlsPort: number;
    /** The self-signed certificate (PEM) of both ports. */
    certificate: string;
  };
  /** Dovecot's maildirs, `<mailRoot>/<login>` (see Dovecot.mailRoot). */
  mailRoot: string;
  /** Plain SMTP, no STARTTLS; AUTH PLAIN and LOGIN with any password. */
  smtp: { host: string; port: number };
  /** Adds a Dovecot user (or changes the password); the email is the IMAP login. */
  addUser(email: string, password: string): Promise<void>;
  /** Every message the SMTP sink accepted, oldest first. */
  received: ReceivedMail[];
  /** The first received message (already there or still to come) the predicate accepts. */
  waitForMessage(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Puts a prepared message into a user's folder (created when missing), by IMAP APPEND. */
  append(user: string, folder: string, rawMessage: string | Buffer, flags?: string[]): Promise<void>;
  /** The subjects of the messages in a user's folder, oldest first (what a mail program would list). */
  subjects(user: string, folder: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startMailServers(): Promise<MailServers> {
  const dovecot = await startDovecot();
  const passwords = new Map<string, string>();
  const received: ReceivedMail[] = [];
  const waiters = new Set<(mail: ReceivedMail) => void>();

  /** Runs `work` signed in to a user's mailbox over plain IMAP. */
  async function asUser<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const password = passwords.get(user.toLowerCase());
    if (password === undefined) throw new Error(`mail servers: ${user} is no Dovecot user (addUser first)`);
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }

  async function append(user: string, folder: string, rawMessage: string | Buffer, flags: string[] = []) {
    await asUser(user, async (client) => {
      const folders = await client.list();
      if (!folders.some((existing) => existing.path === folder)) await client.mailboxCreate(folder);
      await client.append(folder, rawMessage, flags);
    });
  }

  function subjects(user: string, folder: string) {
    return asUser(user, async (client) => {
      const box = await client.mailboxOpen(folder, { readOnly: true });
      const found: string[] = [];
      if (box.exists === 0) return found;
      for await (const message of client.fetch('1:*', { envelope: true })) found.push(message.envelope?.subject ?? '');
      return found;
    });
  }

  const logins = new Map<string, SmtpLogin>();
  const sink = new SMTPServer({
    // Plaintext on loopback: a test sending mail should not have to trust a certificate.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, session, callback) {
      logins.set(session.id, { username: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', async () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          login: logins.get(session.id) ?? null,
          raw: Buffer.concat(chunks),
        };
        try {
          // Delivered before the 250 reply: once sending succeeded, the message is in the INBOX.
          for (const to of mail.to) if (passwords.has(to.toLowerCase())) await append(to, 'INBOX', mail.raw);
        } catch (error) {
          callback(new Error(`delivery to Dovecot failed: ${error instanceof Error ? error.message : error}`));
          return;
        }
        received.push(mail);
        for (const waiter of waiters) waiter(mail);
        callback();
      });
    },
    onClose(session) {
      logins.delete(session.id);
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      sink.once('error', reject);
      sink.listen(0, dovecot.host, () => resolve());
    });
  } catch (error) {
    await dovecot.stop();
    throw error;
  }

  return {
    imap: {
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      tlsPort: dovecot.tlsPort,
      certificate: dovecot.certificate,
    },
    mailRoot: dovecot.mailRoot,
    smtp: { host: dovecot.host, port: (sink.server.address() as AddressInfo).port },
    async addUser(email, password) {
      await dovecot.addUser(email, password);
      passwords.set(email.toLowerCase(), password);
    },
    received,
    waitForMessage(predicate = () => true, timeoutMs = 5_000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (mail: ReceivedMail) => {
          if (!predicate(mail)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching message within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    append,
    subjects,
    async stop() {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
      await dovecot.stop();
    },
  };
}

/** A message as a mail server holds it: the headers, an empty line, the body, lines ended CRLF. */
export function rawMessage(headers: Record<string, string>, body: string): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** What connects a Dovecot user as a mailbox: IMAPS with the self-signed certificate trusted, plain SMTP. */
export function mailboxSettings(mail: MailServers, address: string, password: string) {
  const login = { username: address, password };
  return {
    address,
    imap: { host: mail.imap.host, port: mail.imap.tlsPort, security: 'tls', trustSelfSigned: true, ...login },
    smtp: { host: mail.smtp.host, port: mail.smtp.port, security: 'none', ...login },
  };
}
