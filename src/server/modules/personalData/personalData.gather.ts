// What Farley keeps about one person, gathered through the modules' own services (what the
// API would show, page by page): the data of the access export (personalData.service.ts).
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

/** Pages of any list until its end (each service caps its page size; a person's data is finite). */
async function allPages<T>(
  read: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const { data, nextCursor } = await read(cursor);
    all.push(...data);
    if (!nextCursor) return all;
    cursor = nextCursor;
  }
  return all;
}

/** A name safe in a ZIP path: no folders, no control characters. */
/** A name as a path part of the ZIP: no slashes, no control characters. */
export const safeName = (name: string) => name.replace(/[/\\\p{Cc}]/gu, '_').slice(0, 150) || 'file';

/** Everything about a contact, as the API shows each part. */
export async function personalDataOf(ctx: AppContext, actor: Actor, contactId: string) {
  const contact = await contactService(ctx).get(actor, contactId);
  const affiliations = (await affiliationService(ctx).list(actor, contactId)).data;
  const companies = [];
  for (const link of affiliations) {
    const company = await companyService(ctx)
      .get(actor, link.companyId)
      .catch(() => null);
    companies.push({ affiliation: link, company });
  }
  const consents = await consentService(ctx).list(actor, contactId);
  const emails = emailService(ctx);
  const summaries = await allPages((cursor) => emails.list(actor, { contactId, limit: 100, cursor }));
  const emailDetails = [];
  for (const summary of summaries) emailDetails.push(await emails.get(actor, summary.id, false));
  const timeline = await allPages((cursor) =>
    timelineService(ctx).page(actor, 'contact', contactId, { limit: 500, cursor }),
  );
  const list = { limit: 100, contactId, trashed: 'false' as const };
  const deals = await allPages((cursor) => dealService(ctx).list(actor, { ...list, cursor }));
  const quotes = await allPages((cursor) => quoteService(ctx).list(actor, { ...list, cursor }));
  const orders = await allPages((cursor) => orderService(ctx).list(actor, { ...list, cursor }));
  const appointments = await appointmentService(ctx).ofContact(actor, contactId);
  const audit = await allPages((cursor) =>
    auditService(ctx).list(actor, { recordType: 'contact', recordId: contactId, limit: 500, cursor }),
  );
  return {
    contact,
    companies,
    consents,
    emails: emailDetails,
    activities: timeline.filter((entry) => entry.kind === 'activity'),
    tasks: timeline.filter((entry) => entry.kind === 'task'),
    appointments,
    deals,
    quotes,
    orders,
    audit,
  };
}

export type PersonalData = Awaited<ReturnType<typeof personalDataOf>>;
