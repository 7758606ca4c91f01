// Contacts (people): rules, normalisation of contact data, and the API shape.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Contact, ContactCompany, ContactCreate, ContactPatch } from '../../../contract/contacts.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { finalRead } from '../../platform/db/intent.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { normalizeReach, phoneSearchParts } from '../../platform/contactdata.ts';
import { notFound } from '../../platform/errors.ts';
import { searchText } from '../../platform/text.ts';
import { hasFilters, limitOf, type ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { listSearchIn } from '../search/search.service.ts';
import * as repo from './contacts.repository.ts';
import { affiliationsOf } from './affiliations.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toContactCompany(row: repo.CompanyLink): ContactCompany {
  return {
    affiliationId: row.id,
    companyId: row.company_id,
    name: row.company_name,
    jobTitle: row.job_title,
    buyingRole: row.buying_role,
    isPrimary: row.is_primary,
  };
}

export function toContact(row: Record<string, any>, companies: ContactCompany[]): Contact {
  return {
    id: row.id,
    version: row.version,
    salutation: row.salutation,
    title: row.title,
    firstName: row.first_name,
    lastName: row.last_name,
    emails: row.emails,
    phones: row.phones,
    addresses: row.addresses,
    birthday: row.birthday,
    jobTitle: row.job_title,
    lifecycleStage: row.lifecycle_stage,
    source: row.source,
    tags: row.tags,
    ownerId: row.owner_id,
    lastActivityAt: iso(row.last_activity_at),
    companies,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}

/** Contacts with their companies, read in one query for the whole page. */
async function withCompanies(tx: Db, rows: Array<Record<string, any>>): Promise<Contact[]> {
  const companies = await companiesOfContacts(
    tx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toContact(row, companies.get(row.id) ?? []));
}

/** Also used by the bulk actions, which change tags of many records at once. */
export function contactSearchText(row: Record<string, any>): string {
  return searchText([
    row.first_name,
    row.last_name,
    ...(row.email_list ?? []),
    ...phoneSearchParts(row.phone_list ?? []),
    ...(row.cities ?? []),
  ]);
}

/** Maps API fields to columns, normalising what needs it. */
async function columnsOf(tx: Db, workspaceId: string, input: ContactPatch) {
  const settings = await workspaceSettings(tx, workspaceId);
  const values: Record<string, unknown> = {};
  const direct: Array<[keyof ContactPatch, string]> = [
    ['salutation', 'salutation'],
    ['title', 'title'],
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
    ['birthday', 'birthday'],
    ['jobTitle', 'job_title'],
    ['lifecycleStage', 'lifecycle_stage'],
    ['source', 'source'],
    ['tags', 'tags'],
    ['ownerId', 'owner_id'],
  ];
  for (const [field, column] of direct) if (input[field] !== undefined) values[column] = input[field];
  Object.assign(values, normalizeReach(input, settings.defaultCountry));
  await assertExists(tx, 'users', [input.ownerId], 'ownerId');
  return values;
}

export function contactService(ctx: AppContext): RecordService<Contact, ContactCreate, ContactPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        // A filtered list needs every match of its search; a whole list the first ones (see listSearchIn).
        const search = await listSearchIn(
          tx,
          actor.workspaceId,
          'contact',
          query,
          !hasFilters(repo.contactFields, query),
        );
        // The page is the transaction's final read: it takes the commit along.
        const page = await repo.listContacts(finalRead(tx), query, search);
        return {
          data: page.rows.map((row) => toContact(row, row.company_links.map(toContactCompany))),
          nextCursor: page.nextCursor,
          ...limitOf(page),
        };
      }),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        // The request's one statement: the commit goes with it.
        const row = await repo.findShownContact(finalRead(tx), id);
        if (!row) throw notFound('contact');
        return toContact(row, row.company_links.map(toContactCompany));
      }),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const values = await columnsOf(tx, actor.workspaceId, input);
        const row = { ...values, workspace_id: actor.workspaceId, id: newId() } as Record<string, any>;
        row.search_text = contactSearchText(row);
        return toContact(await repo.insertContact(tx, row as never), []);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'contacts', id, 'contact');
        const values = await columnsOf(tx, actor.workspaceId, patch);
        values.search_text = contactSearchText({ ...current, ...values });
        const [contact] = await withCompanies(tx, [await updateLive(tx, 'contacts', id, values, version, 'contact')]);
        return contact;
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'contacts', id, version, 'contact');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const [contact] = await withCompanies(tx, [await restore(tx, 'contacts', id, 'contact')]);
        return contact;
      }),
  };
}

/** For other modules: a live contact or 404. */
export async function requireContact(tx: Db, id: string) {
  const row = await repo.findContact(tx, id);
  if (!row || row.deleted_at) throw notFound('contact');
  return row;
}

/** For other modules: the live companies of some contacts, primary first, by contact id. */
export async function companiesOfContacts(tx: Db, contactIds: string[]): Promise<Map<string, ContactCompany[]>> {
  const byContact = new Map<string, ContactCompany[]>(contactIds.map((id) => [id, []]));
  for (const link of await affiliationsOf(tx, contactIds)) byContact.get(link.contact_id)?.push(toContactCompany(link));
  return byContact;
}
