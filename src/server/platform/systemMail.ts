// Farley's own mail (password reset links), sent through the operator's SMTP server
// (FARLEY_SMTP_URL, from FARLEY_MAIL_FROM) — not through a user's mailbox, which is theirs.
import nodemailer from 'nodemailer';
import type { Config } from './config.ts';

export interface SystemMessage {
  to: string;
  subject: string;
  text: string;
}

/** Whether this server sends mail of its own. */
export const sendsSystemMail = (config: Config) => config.smtpUrl !== undefined;

export async function sendSystemMail(config: Config, message: SystemMessage): Promise<void> {
  if (!config.smtpUrl) throw new Error('FARLEY_SMTP_URL is not set');
  const transport = nodemailer.createTransport(config.smtpUrl);
  try {
    await transport.sendMail({ from: config.mailFrom, ...message });
  } finally {
    transport.close();
  }
}
