// Consents and legal bases of contacts (GDPR Art. 6, 7): recorded as an append-only history,
// read with the state per purpose derived from it; and the purposes a workspace records them for.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import {
  builtInPurposes,
  type ConsentCreate,
  type ConsentEntry,
  type ConsentPurpose,
  type ConsentPurposeCreate,
  type ContactConsents,
} from '../../../contract/consents.ts';
import { findLive, newId } from '../../platform/db/records.ts';
import type { ImportedConsent } from '../imports/imports.rows.ts';
import * as repo from './consents.repository.ts';
import { currentConsents, presentConsent, presentPurposes } from './consents.presenter.ts';

/** How far in the future a consent may say it holds from: clocks of forms and servers differ. */
const clockSkewMs = 5 * 60_000;

/** The built-in purpose or the workspace's own of that key, or a 422 at `path`. */
async function purposeOf(
  tx: Db,
  key: string,
  path = 'purpose',
): Promise<Pick<ConsentPurpose, 'channel' | 'legalBasis'>> {
  const builtIn = builtInPurposes.find((p) => p.key === key);
  if (builtIn) return builtIn;
  const own = await repo.findPurpose(tx, key);
  if (own) return { channel: own.channel, legalBasis: own.legal_basis };
  throw invalid([{ path, code: 'invalid_choice', message: `no consent purpose "${key}" (see GET /consent-purposes)` }]);
}

/** A contact's history and current state, in `tx` (the contact read and the access export use it). */
export async function consentsOfContact(tx: Db, contactId: string): Promise<ContactConsents> {
  const history = (await repo.historyOf(tx, contactId)).map(presentConsent);
  return { current: currentConsents(history), history };
}

export function consentService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    purposes: (actor: Actor) =>
      inTenant(db, actor, async (tx) => ({ data: presentPurposes(await repo.workspacePurposes(tx)) })),

    addPurpose: (actor: Actor, input: ConsentPurposeCreate) =>
      inTenant(db, actor, async (tx) => {
        if (builtInPurposes.some((p) => p.key === input.key) || (await repo.findPurpose(tx, input.key)))
          throw conflict(`The consent purpose "${input.key}" exists already.`, 'duplicate');
        const row = await repo.insertPurpose(tx, {
          workspace_id: actor.workspaceId,
          key: input.key,
          label: input.label,
          description: input.description ?? null,
          channel: input.channel,
          legal_basis: input.legalBasis,
        });
        return presentPurposes([row]).at(-1) as ConsentPurpose;
      }),

    list: (actor: Actor, contactId: string) =>
      inTenant(db, actor, async (tx) => {
        await findLive(tx, 'contacts', contactId, 'contact');
        return consentsOfContact(tx, contactId);
      }),

    /**
     * Records a consent or its withdrawal. A restricted contact takes both: a restriction stops
     * processing, not the record of what the person said.
     */
    record: (actor: Actor, contactId: string, input: ConsentCreate): Promise<ConsentEntry> =>
      inTenant(db, actor, async (tx) => {
        await findLive(tx, 'contacts', contactId, 'contact');
        const purpose = await purposeOf(tx, input.purpose);
        const effectiveAt = input.effectiveAt ? new Date(input.effectiveAt) : new Date();
        if (effectiveAt.getTime() > Date.now() + clockSkewMs)
          throw invalid([{ path: 'effectiveAt', code: 'too_big', message: 'a consent cannot hold from a later time' }]);
        const id = newId();
        await repo.insertConsents(tx, [
          {
            workspace_id: actor.workspaceId,
            id,
            contact_id: contactId,
            purpose: input.purpose,
            channel: input.channel ?? purpose.channel,
            legal_basis: input.legalBasis ?? purpose.legalBasis,
            status: input.status,
            effective_at: effectiveAt,
            method: input.method,
            wording: input.wording || null,
            source: input.source || null,
            ip_address: input.ipAddress ?? null,
            note: input.note || null,
            recorded_by: actor.userId,
          },
        ]);
        const entry = (await repo.historyOf(tx, contactId)).find((row) => row.id === id);
        return presentConsent(entry as repo.ConsentRow);
      }),
  };
}

/** Who recorded consents brought by an import. */
export interface ImportScope {
  workspaceId: string;
  importId: string;
  userId: string | null;
}

/**
 * The consents rows of an import state, recorded in the import's transaction: a "yes" is a
 * consent (method import, at the row's date or now), unless the same purpose is granted already
 * from that time (importing a file twice records nothing new); a "no" withdraws a granted
 * purpose and is nothing otherwise (a file's empty "no" is no statement of the person).
 */
export async function recordImportedConsents(
  tx: Db,
  scope: ImportScope,
  rows: Array<ImportedConsent & { contactId: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  const latest = new Map(
    (await repo.latestOf(tx, [...new Set(rows.map((r) => r.contactId))])).map((l) => [
      `${l.contact_id} ${l.purpose}`,
      l,
    ]),
  );
  const now = new Date();
  const entries = rows.flatMap((row) => {
    const key = `${row.contactId} ${row.purpose}`;
    const before = latest.get(key);
    const at = row.at ? new Date(row.at) : now;
    const unchanged = row.granted
      ? before?.status === 'granted' && (!row.at || before.effective_at.getTime() === at.getTime())
      : before?.status !== 'granted';
    if (unchanged) return [];
    const purpose = builtInPurposes.find((p) => p.key === row.purpose) ?? builtInPurposes[0];
    latest.set(key, {
      contact_id: row.contactId,
      purpose: row.purpose,
      status: row.granted ? 'granted' : 'withdrawn',
      effective_at: at,
    });
    return [
      {
        workspace_id: scope.workspaceId,
        id: newId(),
        contact_id: row.contactId,
        purpose: row.purpose,
        channel: purpose.channel,
        legal_basis: purpose.legalBasis,
        status: row.granted ? ('granted' as const) : ('withdrawn' as const),
        effective_at: at > now ? now : at,
        method: 'import' as const,
        source: row.source,
        import_id: scope.importId,
        recorded_by: scope.userId,
      },
    ];
  });
  await repo.insertConsents(tx, entries);
}
