// Mail in the global search: the newest few messages that match the words, and where a hit
// leads (the "E-Mails" page with the message open).
import { api, type Page } from '../../app/api.ts';
import type { EmailSummary } from './emailsApi.ts';
import { emailParam } from '../record/recordApi.ts';

export function searchEmails(q: string, signal?: AbortSignal) {
  return api<Page<EmailSummary>>('/emails', { query: { q, limit: 5 }, signal });
}

export const emailPath = (id: string) => `/emails?${emailParam}=${id}`;
