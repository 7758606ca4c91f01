// Caller and sender identification: who has this phone number or email address, with the
// key facts an agent needs while the phone rings (companies, owner, open deals and tasks,
// last activity), in one call.
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import type { LookupCompany, LookupContact, LookupQuery } from '../../../contract/search.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { toE164 } from '../../platform/contactdata.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { companiesOfContacts } from '../contacts/contacts.service.ts';
import * as repo from './lookup.repository.ts';
import { type Facts, presentLookupCompany, presentLookupContact } from './lookup.presenter.ts';

const email = z.email();

function badQuery(path: 'phone' | 'email', message: string): AppError {
  const code = path === 'phone' ? 'invalid_phone' : 'invalid_email';
  return new AppError('bad_request', message, [{ path: `query.${path}`, code, message }], undefined, code);
}

/** The match to look for: a phone number as E.164, or an email in lower case. */
export function matchOf(query: LookupQuery, defaultCountry: string): repo.Match {
  if ((query.phone === undefined) === (query.email === undefined)) {
    throw badRequest(
      'Look up by exactly one of phone or email.',
      [{ path: 'query', code: 'required', message: 'send either phone or email' }],
      'lookup_needs_one',
    );
  }
  if (query.phone !== undefined) {
    // An unencoded "+" in a query string arrives as a space: " 49 30 …" meant "+49 30 …".
    const number = query.phone.replace(/^ (?=\d)/, '+').trim();
    const e164 = /^[0-9+()\-./\s]+$/.test(number) ? toE164(number, defaultCountry) : null;
    if (!e164)
      throw badQuery(
        'phone',
        `"${number}" is not a phone number we can read; send digits like +49 30 1234567 or 030 1234567.`,
      );
    return { phone: e164 };
  }
  const address = query.email!.trim().toLowerCase();
  if (!email.safeParse(address).success) throw badQuery('email', `"${address}" is not an email address.`);
  return { email: address };
}

/** Owner, open deals, open tasks and last activity of each record, a few queries for all of them. */
async function factsOf(
  tx: Db,
  recordType: RecordType,
  rows: Array<{ id: string; owner_id: string | null }>,
): Promise<Map<string, Facts>> {
  const ids = rows.map((row) => row.id);
  const ownerIds = [...new Set(rows.map((row) => row.owner_id).filter((id): id is string => Boolean(id)))];
  const owners = await repo.userNames(tx, ownerIds);
  const deals = await repo.openDeals(tx, recordType === 'contact' ? 'contact_id' : 'company_id', ids);
  const tasks = await repo.openTasks(tx, recordType, ids);
  const activities = await repo.lastActivities(tx, recordType, ids);
  const facts = new Map<string, Facts>();
  for (const row of rows) {
    const owner = owners.find((user) => user.id === row.owner_id);
    const dealRows = deals.filter((deal) => deal.record_id === row.id);
    const activity = activities.find((a) => a.record_id === row.id);
    facts.set(row.id, {
      owner: owner ? { id: owner.id, name: owner.name } : null,
      openDeals: {
        count: dealRows.reduce((total, deal) => total + deal.count, 0),
        sum: dealRows
          .filter((deal) => deal.sum !== null)
          .map((deal) => ({ amount: deal.sum!, currency: deal.currency })),
      },
      openTasks: tasks.find((task) => task.record_id === row.id)?.count ?? 0,
      lastActivity: activity
        ? {
            id: activity.id,
            type: activity.type,
            subject: activity.subject,
            occurredAt: new Date(activity.occurred_at).toISOString(),
          }
        : null,
    });
  }
  return facts;
}

export function lookupService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    lookup: (actor: Actor, query: LookupQuery) =>
      inTenant(db, actor, async (tx) => {
        const settings = await workspaceSettings(tx, actor.workspaceId);
        const match = matchOf(query, settings.defaultCountry);
        const contacts = await repo.contactsMatching(tx, match);
        const companies = await repo.companiesMatching(tx, match);
        const contactFacts = await factsOf(tx, 'contact', contacts);
        const companyFacts = await factsOf(tx, 'company', companies);
        const affiliations = await companiesOfContacts(
          tx,
          contacts.map((c) => c.id),
        );
        const data: Array<LookupContact | LookupCompany> = [
          ...contacts.map((c) => presentLookupContact(c, affiliations.get(c.id) ?? [], contactFacts.get(c.id)!)),
          ...companies.map((c) => presentLookupCompany(c, companyFacts.get(c.id)!)),
        ];
        return { data };
      }),
  };
}
