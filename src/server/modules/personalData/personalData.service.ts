// The access and portability export (GDPR Art. 15, 20): everything Farley keeps about one
// person, gathered through the modules' own services (what the API would show, page by page),
// written as JSON files with the files themselves and a summary for people, in a ZIP. The
// export is logged in the audit log like a list export.
import JSZip from 'jszip';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { readStoredFile } from '../../platform/files.ts';
import { AppError } from '../../platform/errors.ts';
import { contactService } from '../contacts/contacts.service.ts';
import { affiliationService } from '../contacts/affiliations.service.ts';
import { companyService } from '../companies/companies.service.ts';
import { consentService } from '../consents/consents.service.ts';
import { emailService } from '../emails/emails.service.ts';
import { timelineService } from '../timeline/timeline.service.ts';
import { appointmentService } from '../appointments/appointments.service.ts';
import { dealService } from '../deals/deals.service.ts';
import { quoteService } from '../quotes/quotes.service.ts';
import { orderService } from '../orders/orders.service.ts';
import { auditService } from '../audit/audit.service.ts';
import { recordExport } from '../exports/exports.repository.ts';
import { summaryHtml, type SummaryLanguage } from './personalData.summary.ts';
import { personalDataOf, safeName } from './personalData.gather.ts';

/** The ZIP of a contact's data and the file name it is offered under; logged in the audit log. */
export async function personalDataExport(
  ctx: AppContext,
  actor: Actor,
  contactId: string,
  language: SummaryLanguage,
): Promise<{ fileName: string; zip: Buffer }> {
  const data = await personalDataOf(ctx, actor, contactId);
  const zip = new JSZip();
  const exportedAt = new Date();
  const json = (name: string, value: unknown) => zip.file(name, `${JSON.stringify(value, null, 2)}\n`);
  json('contact.json', data.contact);
  json('companies.json', data.companies);
  json('consents.json', data.consents);
  json('emails.json', data.emails);
  json('activities.json', data.activities);
  json('tasks.json', data.tasks);
  json('appointments.json', data.appointments);
  json('deals.json', data.deals);
  json('quotes.json', data.quotes);
  json('orders.json', data.orders);
  json('audit.json', data.audit);
  // The files themselves: each email's attachments under its id.
  const files: Array<{ path: string; size: number }> = [];
  const emails = emailService(ctx);
  for (const email of data.emails) {
    for (const attachment of email.attachments) {
      const stored = await emails.attachment(actor, email.id, attachment.id);
      const bytes = await readStoredFile(ctx.config.dataDir, stored.sha256).catch(() => null);
      if (!bytes) continue;
      const path = `files/emails/${email.id}/${attachment.id}-${safeName(stored.filename)}`;
      zip.file(path, bytes);
      files.push({ path, size: bytes.length });
    }
  }
  json('files.json', files);
  zip.file('summary.html', summaryHtml(data, files, language, exportedAt));
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const name = [data.contact.firstName, data.contact.lastName].filter(Boolean).join(' ') || data.contact.id;
  const fileName = `${language === 'de' ? 'Auskunft' : 'Personal data'} ${safeName(name)} ${exportedAt.toISOString().slice(0, 10)}.zip`;
  await inTenant(ctx.db.app, actor, (tx) =>
    recordExport(tx, actor.userId, {
      kind: 'personal_data',
      contactId,
      language,
      files: Object.keys(zip.files).length,
      bytes: buffer.length,
    }),
  ).catch((error) => {
    // An export nobody can account for must not leave: the download fails with the log.
    throw new AppError('unavailable', `The export could not be logged: ${(error as Error).message}`);
  });
  return { fileName, zip: buffer };
}
