// Art. 18 GDPR, restriction of processing: a contact so marked is kept but not worked with.
// Nobody edits or trashes it (the contact and affiliation routes, imports and bulk actions ask
// assertUnrestricted), no email goes to it (emails.send.ts asks restrictedRecipients), and
// only a manager or admin lifts the restriction. Setting and lifting are changes of the
// contact, so its audit trail keeps who did it and why.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive, updateLive } from '../../platform/db/records.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { presentContact } from './contacts.presenter.ts';
import { withScores } from '../../platform/customerAnalytics.ts';
import { companiesOfContacts } from './contacts.service.ts';
import type { Row } from '../../platform/presenting.ts';

async function shown(tx: Db, row: Row<'contacts'>): Promise<Contact> {
  const companies = await companiesOfContacts(tx, [row.id]);
  return presentContact(await withScores(tx, 'contacts', row), companies.get(row.id) ?? []);
}

export function restrictionService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    /** Restricts the contact (again: with the new reason). */
    restrict: (actor: Actor, id: string, reason: string): Promise<Contact> =>
      inTenant(db, actor, async (tx) => {
        const row = await updateLive(
          tx,
          'contacts',
          id,
          { restricted_at: sql`now()`, restricted_by: actor.userId, restriction_reason: reason },
          undefined,
          'contact',
        );
        return shown(tx, row);
      }),
    /** Lifts the restriction; a contact without one stays as it is. */
    lift: (actor: Actor, id: string): Promise<Contact> =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'contacts', id, 'contact');
        if (!current.restricted_at) return shown(tx, current);
        const row = await updateLive(
          tx,
          'contacts',
          id,
          { restricted_at: null, restricted_by: null, restriction_reason: null },
          undefined,
          'contact',
        );
        return shown(tx, row);
      }),
  };
}
