// The personal iCalendar feed: one secret address per user that any calendar client can
// subscribe to (Outlook, Google, Apple). The secret travels in the address, so it is one of
// Farley's credentials (fy1.<workspace>.<id>.<secret>, only its hash stored); making a new one
// replaces the old, which is how a user revokes an address that leaked.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { mintCredential, parseCredential, secretMatches } from '../auth/credentials.ts';
import * as repo from './appointments.repository.ts';
import { toICalendar } from './appointments.ical.ts';
import { loadAppointments, seriesOfAll } from './appointments.service.ts';

/** How far back a feed reaches: clients want the recent past, not every year of history. */
const feedPastDays = 400;

export function feedPath(credential: string): string {
  return `/api/v1/calendar/feeds/${credential}.ics`;
}

export function feedService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    status: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        const row = await tx
          .selectFrom('calendar_feeds')
          .select('created_at')
          .where('user_id', '=', actor.userId)
          .executeTakeFirst();
        return { url: null, active: Boolean(row), createdAt: row?.created_at.toISOString() ?? null };
      }),

    /** A new secret address; the old one stops working at once. */
    renew: (actor: Actor, origin: string) =>
      inTenant(db, actor, async (tx) => {
        const id = newId();
        const { credential, secretHash } = mintCredential(actor.workspaceId, id);
        const row = await tx
          .insertInto('calendar_feeds')
          .values({ workspace_id: actor.workspaceId, user_id: actor.userId, id, secret_hash: secretHash })
          .onConflict((oc) =>
            oc
              .columns(['workspace_id', 'user_id'])
              .doUpdateSet({ id, secret_hash: secretHash, created_at: new Date() }),
          )
          .returning('created_at')
          .executeTakeFirstOrThrow();
        return { url: `${origin}${feedPath(credential)}`, active: true, createdAt: row.created_at.toISOString() };
      }),

    revoke: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        await tx.deleteFrom('calendar_feeds').where('user_id', '=', actor.userId).execute();
      }),

    /** The feed's calendar, or null for an address that is unknown or revoked. */
    read: async (token: string): Promise<string | null> => {
      const credential = parseCredential(token);
      if (!credential) return null;
      return inTenant(db, { workspaceId: credential.workspaceId }, async (tx) => {
        const feed = await tx
          .selectFrom('calendar_feeds as f')
          .innerJoin('users as u', (join) => join.onRef('u.id', '=', 'f.user_id'))
          .select(['f.user_id', 'f.secret_hash', 'u.name', 'u.deleted_at', 'u.active'])
          .where('f.id', '=', credential.recordId)
          .executeTakeFirst();
        // A deactivated user's feed ends with their access (it comes back if they do).
        if (!feed || feed.deleted_at || !feed.active || !secretMatches(credential.secret, feed.secret_hash))
          return null;
        const from = new Date(Date.now() - feedPastDays * 86_400_000);
        const rows = await repo.inRange(tx, [feed.user_id], from, new Date('2200-01-01T00:00:00Z'));
        const loaded = await loadAppointments(tx, rows);
        return toICalendar(await seriesOfAll(tx, loaded), { method: 'PUBLISH', name: `Farley – ${feed.name}` });
      });
    },
  };
}
