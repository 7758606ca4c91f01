// Affiliations: which companies a contact belongs to, in what job and buying-centre role,
// and which of them is the contact's primary company (at most one).
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AffiliationCreate, AffiliationPatch } from '../../../contract/affiliations.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { refreshQuality } from '../quality/quality.service.ts';
import { assertExists, newId, updateLive } from '../../platform/db/records.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import { requireCompany } from '../companies/companies.service.ts';
import { requireContact } from './contacts.service.ts';
import { assertUnrestricted } from './restriction.rules.ts';
import { listSearchIn } from '../search/search.service.ts';
import * as repo from './affiliations.repository.ts';
import { presentAffiliation, presentPerson } from './affiliations.presenter.ts';

async function readAffiliation(tx: Db, contactId: string, affiliationId: string) {
  const row = await repo.findAffiliation(tx, contactId, affiliationId);
  if (!row) throw notFound('affiliation');
  return row;
}

export function affiliationService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    list: (actor: Actor, contactId: string) =>
      inTenant(db, actor, async (tx) => {
        await requireContact(tx, contactId);
        return { data: (await repo.affiliationsOf(tx, [contactId])).map(presentAffiliation) };
      }),

    get: (actor: Actor, contactId: string, affiliationId: string) =>
      inTenant(db, actor, async (tx) => {
        await requireContact(tx, contactId);
        return presentAffiliation(await readAffiliation(tx, contactId, affiliationId));
      }),

    create: (actor: Actor, contactId: string, input: AffiliationCreate) =>
      inTenant(db, actor, async (tx) => {
        assertUnrestricted(await requireContact(tx, contactId));
        await assertExists(tx, 'companies', [input.companyId], 'companyId');
        if (await repo.findPair(tx, contactId, input.companyId)) {
          throw conflict('The contact already belongs to this company; change that affiliation instead.', 'duplicate');
        }
        // A contact's first company is its company, unless the caller says otherwise.
        const isPrimary = input.isPrimary ?? !(await repo.hasAffiliations(tx, contactId));
        const id = newId();
        if (isPrimary) await repo.clearPrimary(tx, contactId, id);
        await repo.insertAffiliation(tx, {
          workspace_id: actor.workspaceId,
          id,
          contact_id: contactId,
          company_id: input.companyId,
          job_title: input.jobTitle ?? null,
          buying_role: input.buyingRole ?? null,
          is_primary: isPrimary,
        });
        // A contact at a company scores higher: its score follows the link.
        await refreshQuality(tx, 'contacts', [contactId]);
        return presentAffiliation(await readAffiliation(tx, contactId, id));
      }),

    update: (
      actor: Actor,
      contactId: string,
      affiliationId: string,
      patch: AffiliationPatch,
      version: number | undefined,
    ) =>
      inTenant(db, actor, async (tx) => {
        assertUnrestricted(await requireContact(tx, contactId));
        await readAffiliation(tx, contactId, affiliationId);
        const values: Record<string, unknown> = {};
        if (patch.jobTitle !== undefined) values.job_title = patch.jobTitle;
        if (patch.buyingRole !== undefined) values.buying_role = patch.buyingRole;
        if (patch.isPrimary !== undefined) values.is_primary = patch.isPrimary;
        // Cleared first: the database allows one primary per contact at any moment.
        if (patch.isPrimary) await repo.clearPrimary(tx, contactId, affiliationId);
        await updateLive(tx, 'affiliations', affiliationId, values, version, 'affiliation');
        return presentAffiliation(await readAffiliation(tx, contactId, affiliationId));
      }),

    remove: (actor: Actor, contactId: string, affiliationId: string, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        assertUnrestricted(await requireContact(tx, contactId));
        await readAffiliation(tx, contactId, affiliationId);
        // Links have no trash: the audit trigger keeps what was deleted.
        if (!(await repo.deleteAffiliation(tx, contactId, affiliationId, version))) {
          throw new AppError(
            'precondition_failed',
            'The affiliation was changed by someone else. Load it again and retry.',
          );
        }
        await refreshQuality(tx, 'contacts', [contactId]);
      }),

    people: (actor: Actor, companyId: string, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        await requireCompany(tx, companyId);
        const page = await repo.listPeople(
          tx,
          companyId,
          query,
          await listSearchIn(tx, actor.workspaceId, 'contact', query, false),
        );
        return { data: page.rows.map(presentPerson), nextCursor: page.nextCursor };
      }),
  };
}
