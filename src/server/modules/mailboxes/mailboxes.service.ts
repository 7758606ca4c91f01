// Mailboxes: who connects which, who sees them, and the rule that settings are saved only
// once both servers accepted them. Passwords are sealed here on the way in and opened only
// to talk to the servers.
//
// The server check runs between two transactions, never inside one: it may take seconds, and
// a transaction left idle that long is ended by the database (idle-in-transaction timeout).
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Row } from '../../platform/presenting.ts';
import type {
  Mailbox,
  MailboxCheck,
  MailboxCreate,
  MailboxPatch,
  MailboxProblem,
} from '../../../contract/mailboxes.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertExists, newId, updateLive } from '../../platform/db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { can } from '../../platform/policy.ts';
import { needsResealing, open, seal } from '../../platform/secrets.ts';
import { teamIdsOf } from '../teams/teams.service.ts';
import { checkMailbox, type ServerSettings } from './mailboxes.check.ts';
import * as repo from './mailboxes.repository.ts';
import { presentMailbox } from './mailboxes.presenter.ts';

type Server = 'imap' | 'smtp';

/** The failures of a check, one per server that failed. */
function problemsOf(check: MailboxCheck): MailboxProblem[] {
  return (['imap', 'smtp'] as const).flatMap((server) => {
    const result = check[server];
    return result.ok || !result.code ? [] : [{ server, code: result.code, message: result.message ?? result.code }];
  });
}

/** The 422 of settings a server refused: each failure as `<server>.<code>`, nothing saved. */
function unreachable(problems: MailboxProblem[]): AppError {
  return new AppError(
    'invalid',
    `The mailbox was not saved: ${problems.map((p) => `${p.server.toUpperCase()}: ${p.message}`).join('; ')}.`,
    problems.map((p) => ({ path: `${p.server}.${p.code}`, code: 'invalid', message: p.message })),
    undefined,
    'mailbox_unreachable',
  );
}

/**
 * A stored password, opened. One sealed with a key this installation no longer has (a data
 * directory restored without its key file) cannot be: the user enters it again.
 */
function storedPassword(ctx: AppContext, row: Row<'mailboxes'>, server: Server): string {
  try {
    return open(ctx.secrets, row[`${server}_password`]);
  } catch {
    const message = `The stored ${server.toUpperCase()} password cannot be read with this installation's secret key; enter it again.`;
    throw invalid([{ path: `${server}.password`, code: 'required', message }], message);
  }
}

/** A server's settings as stored, changed by `patch`; the stored password only when none is sent. */
export function storedServer(
  ctx: AppContext,
  row: Row<'mailboxes'>,
  server: Server,
  patch: Partial<ServerSettings> = {},
): ServerSettings {
  return {
    host: patch.host ?? row[`${server}_host`],
    port: patch.port ?? row[`${server}_port`],
    security: patch.security ?? row[`${server}_security`],
    trustSelfSigned: patch.trustSelfSigned ?? row[`${server}_trust_self_signed`],
    username: patch.username ?? row[`${server}_username`],
    password: patch.password ?? storedPassword(ctx, row, server),
  };
}

/** A server's columns, the password sealed. */
function serverColumns(ctx: AppContext, server: Server, settings: ServerSettings) {
  return {
    [`${server}_host`]: settings.host,
    [`${server}_port`]: settings.port,
    [`${server}_security`]: settings.security,
    [`${server}_trust_self_signed`]: settings.trustSelfSigned,
    [`${server}_username`]: settings.username,
    [`${server}_password`]: seal(ctx.secrets, settings.password),
  } as Record<`${Server}_${'host' | 'username'}`, string> &
    Record<`${Server}_port`, number> &
    Record<`${Server}_security`, ServerSettings['security']> &
    Record<`${Server}_trust_self_signed`, boolean> &
    Record<`${Server}_password`, Buffer>;
}

/** Admins (policy: `manage`) see and change every mailbox and connect shared team mailboxes. */
const isAdmin = (actor: Actor) => can(actor, 'manage', 'mailbox');

/** Admins see every mailbox; others their own personal ones and their teams' shared ones. */
function sees(actor: Actor, row: Row<'mailboxes'>, teamIds: string[]): boolean {
  if (isAdmin(actor)) return true;
  return row.team_id === null ? row.owner_id === actor.userId : teamIds.includes(row.team_id);
}

/** Changing a shared team mailbox is for admins; a personal one is its owner's (or an admin's). */
function mayChange(actor: Actor, row: Row<'mailboxes'>) {
  if (isAdmin(actor)) return;
  if (row.team_id !== null) throw forbidden('Only an admin changes a shared team mailbox.');
  if (row.owner_id !== actor.userId) throw forbidden("Only its owner or an admin changes someone's mailbox.");
}

export interface MailboxService {
  list(actor: Actor): Promise<{ data: Mailbox[] }>;
  get(actor: Actor, id: string): Promise<Mailbox>;
  create(actor: Actor, input: MailboxCreate): Promise<Mailbox>;
  update(actor: Actor, id: string, patch: MailboxPatch, version: number | undefined): Promise<Mailbox>;
  remove(actor: Actor, id: string, version: number | undefined): Promise<void>;
  check(actor: Actor, id: string): Promise<MailboxCheck>;
}

export function mailboxService(ctx: AppContext): MailboxService {
  const db = ctx.db.app;

  /** The live mailbox the caller may see, else 404 (another's mailbox is not theirs to know of). */
  async function visible(actor: Actor, id: string) {
    return inTenant(db, actor, async (tx) => {
      const row = await repo.findMailbox(tx, id);
      if (!row || !sees(actor, row, isAdmin(actor) ? [] : await teamIdsOf(tx, actor.userId))) throw notFound('mailbox');
      return row;
    });
  }

  return {
    list: (actor) =>
      inTenant(db, actor, async (tx) => {
        const teamIds = isAdmin(actor) ? [] : await teamIdsOf(tx, actor.userId);
        const rows = await repo.listMailboxes(tx, { everyone: isAdmin(actor), userId: actor.userId, teamIds });
        return { data: rows.map(presentMailbox) };
      }),

    get: async (actor, id) => presentMailbox(await visible(actor, id)),

    create: async (actor, input) => {
      if (input.teamId && !isAdmin(actor)) throw forbidden('Only an admin connects a shared team mailbox.');
      await inTenant(db, actor, (tx) => assertExists(tx, 'teams', [input.teamId], 'teamId'));
      const { imap, smtp } = input;
      const folders = input.folders ?? ['INBOX', 'Sent'];
      const problems = problemsOf(await checkMailbox(imap, smtp, folders));
      if (problems.length > 0) throw unreachable(problems);
      return inTenant(db, actor, async (tx) => {
        const row = await repo.insertMailbox(tx, {
          workspace_id: actor.workspaceId,
          id: newId(),
          owner_id: actor.userId,
          team_id: input.teamId ?? null,
          name: input.name,
          address: input.address,
          ...serverColumns(ctx, 'imap', imap),
          ...serverColumns(ctx, 'smtp', smtp),
          folders,
          ...(input.syncSince && { sync_since: input.syncSince }),
          store_all: input.storeAll ?? false,
          signature: input.signature ?? null,
          status: 'ok',
          checked_at: new Date(),
          problems: '[]',
        });
        return presentMailbox(row);
      });
    },

    update: async (actor, id, patch, version) => {
      const current = await visible(actor, id);
      mayChange(actor, current);
      if (patch.teamId !== undefined && patch.teamId !== current.team_id && !isAdmin(actor))
        throw forbidden('Only an admin shares a mailbox with a team.');
      if (patch.teamId) await inTenant(db, actor, (tx) => assertExists(tx, 'teams', [patch.teamId], 'teamId'));
      const folders = patch.folders ?? current.folders;
      const recheck = patch.imap !== undefined || patch.smtp !== undefined || patch.folders !== undefined;
      // Passwords are opened only when the servers are to be checked.
      const imap = recheck ? storedServer(ctx, current, 'imap', patch.imap) : null;
      const smtp = recheck ? storedServer(ctx, current, 'smtp', patch.smtp) : null;
      if (imap && smtp) {
        const problems = problemsOf(await checkMailbox(imap, smtp, folders));
        if (problems.length > 0) throw unreachable(problems);
      }
      return inTenant(db, actor, async (tx) => {
        const row = await updateLive(
          tx,
          'mailboxes',
          id,
          {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.address !== undefined && { address: patch.address }),
            ...(patch.teamId !== undefined && { team_id: patch.teamId }),
            ...(patch.syncSince !== undefined && { sync_since: patch.syncSince }),
            ...(patch.storeAll !== undefined && { store_all: patch.storeAll }),
            ...(patch.signature !== undefined && { signature: patch.signature }),
            ...(patch.imap && imap && serverColumns(ctx, 'imap', imap)),
            ...(patch.smtp && smtp && serverColumns(ctx, 'smtp', smtp)),
            ...(recheck && { folders, status: 'ok' as const, problems: '[]', checked_at: new Date() }),
          },
          version,
          'mailbox',
        );
        return presentMailbox(row);
      });
    },

    remove: async (actor, id, version) => {
      mayChange(actor, await visible(actor, id));
      // The row stays (deleted_at, like other records); its passwords do not.
      const forgotten = Buffer.alloc(0);
      await inTenant(db, actor, async (tx) => {
        const values = { deleted_at: sql<Date>`now()`, imap_password: forgotten, smtp_password: forgotten };
        await updateLive(tx, 'mailboxes', id, values, version, 'mailbox');
      });
    },

    check: async (actor, id) => {
      const row = await visible(actor, id);
      const result = await checkMailbox(storedServer(ctx, row, 'imap'), storedServer(ctx, row, 'smtp'), row.folders);
      await inTenant(db, actor, (tx) => repo.recordCheck(tx, id, problemsOf(result)));
      return result;
    },
  };
}

/**
 * After a key rotation: every password sealed with an old key sealed again with the current
 * one, so that the old key can then be dropped from FARLEY_SECRET_KEYS_OLD. A password whose
 * key this installation does not have is left as it is and counted.
 */
export async function resealMailboxPasswords(ctx: AppContext) {
  return acrossWorkspaces(ctx.db.owner, async (tx) => {
    let resealed = 0;
    let unreadable = 0;
    const rows = await repo.allSealedPasswords(tx);
    for (const row of rows) {
      if (!needsResealing(ctx.secrets, row.imap_password) && !needsResealing(ctx.secrets, row.smtp_password)) continue;
      let plain: { imap: string; smtp: string };
      try {
        plain = { imap: open(ctx.secrets, row.imap_password), smtp: open(ctx.secrets, row.smtp_password) };
      } catch {
        unreadable++;
        continue;
      }
      await repo.replaceSealedPasswords(tx, {
        ...row,
        imap_password: seal(ctx.secrets, plain.imap),
        smtp_password: seal(ctx.secrets, plain.smtp),
      });
      resealed++;
    }
    return { mailboxes: rows.length, resealed, unreadable };
  });
}

/** The live mailboxes the actor sees: their own, their teams' shared ones (admins: all). */
export async function visibleMailboxes(tx: Db, actor: Actor) {
  const everyone = isAdmin(actor);
  const teamIds = everyone ? [] : await teamIdsOf(tx, actor.userId);
  return repo.listMailboxes(tx, { everyone, userId: actor.userId, teamIds });
}

/** Whether the actor may change the mailbox (and take its mail out of the CRM). */
export function mayChangeMailbox(actor: Actor, row: Row<'mailboxes'>): boolean {
  try {
    mayChange(actor, row);
    return true;
  } catch {
    return false;
  }
}
