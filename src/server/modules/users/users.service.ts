// Users: creation with a hashed password and a login email, roles, deactivation.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { User, UserCreate, UserName, UserPatch } from '../../../contract/users.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { AppError } from '../../platform/errors.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import { endSessionsOf, hashPassword } from '../auth/auth.service.ts';
import { assertPasswordAllowed } from '../auth/passwordRules.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { revokeTokensOf } from '../tokens/tokens.service.ts';
import * as repo from './users.repository.ts';
import { presentUser } from './users.presenter.ts';

/** Creates a user inside an open tenant transaction (used by workspace creation too). */
export async function createUserIn(
  tx: Db,
  workspaceId: string,
  input: {
    id?: string;
    email: string;
    name: string;
    role: User['role'];
    password?: string;
    locale?: string;
    active?: boolean;
  },
) {
  if (input.password) await assertPasswordAllowed(input.password, input);
  return repo.insertUser(tx, {
    workspace_id: workspaceId,
    id: input.id ?? newId(),
    email: input.email.trim().toLowerCase(),
    name: input.name,
    role: input.role,
    locale: input.locale ?? 'de',
    active: input.active ?? true,
    password_hash: input.password ? await hashPassword(input.password) : null,
  });
}

export async function getUser(
  ctx: AppContext,
  scope: { workspaceId: string; userId: string },
  id: string,
): Promise<User> {
  return inTenant(ctx.db.app, scope, async (tx) => presentUser(await findLive(tx, 'users', id, 'user')));
}

export function userService(ctx: AppContext): RecordService<User, UserCreate, UserPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listUsers(tx, query);
        const users = page.rows.map(presentUser);
        // When colleagues last signed in is for admins (the users page), not for everyone.
        if (actor.role === 'admin') {
          const signIns = await repo.lastSignIns(
            tx,
            actor.workspaceId,
            users.map((user) => user.id),
          );
          for (const user of users) user.lastSignInAt = signIns.get(user.id)?.toISOString() ?? null;
        }
        return { data: users, nextCursor: page.nextCursor };
      }),
    get: (actor, id) => getUser(ctx, actor, id),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => presentUser(await createUserIn(tx, actor.workspaceId, input))),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        if (id === actor.userId && ((patch.role && patch.role !== 'admin') || patch.active === false)) {
          throw new AppError('conflict', 'You cannot take away your own admin role or deactivate yourself.');
        }
        const values: Record<string, unknown> = {};
        for (const key of ['name', 'role', 'locale', 'active'] as const)
          if (patch[key] !== undefined) values[key] = patch[key];
        if (patch.email !== undefined) values.email = patch.email.trim().toLowerCase();
        const before =
          patch.email !== undefined || patch.password !== undefined
            ? await findLive(tx, 'users', id, 'user')
            : undefined;
        if (patch.password !== undefined) {
          await assertPasswordAllowed(patch.password, {
            email: patch.email ?? before?.email,
            name: patch.name ?? before?.name,
          });
          values.password_hash = await hashPassword(patch.password);
        }
        // The user row first: a user of another workspace must be a plain 404.
        const row = await updateLive(tx, 'users', id, values, version, 'user');
        if (patch.email !== undefined) await repo.changeLoginEmail(tx, actor.workspaceId, id, row.email);
        // New credentials end the old ones: whoever held a session or token of this user
        // (perhaps the reason for the change) is out. The caller's own credential stays.
        if (patch.password !== undefined || (patch.email !== undefined && before && before.email !== row.email)) {
          const own = id === actor.userId;
          await endSessionsOf(tx, id, own ? actor.sessionId : undefined);
          await revokeTokensOf(tx, id, own ? actor.tokenId : undefined);
        }
        return presentUser(row);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        if (id === actor.userId) throw new AppError('conflict', 'You cannot delete yourself.');
        await trash(tx, 'users', id, version, 'user');
      }),
    restore: (actor, id) => inTenant(db, actor, async (tx) => presentUser(await restore(tx, 'users', id, 'user'))),
  };
}

/**
 * The names behind user ids, for showing owners, assignees and authors. Staff see everyone's
 * (former colleagues too: history keeps their names). Partners see nothing of the users
 * otherwise, so they get only the people they work with: themselves, their partner
 * organisation, and whoever owns, is assigned or moved a record they may see (the records'
 * own policies decide which those are).
 */
export function userNames(ctx: AppContext, actor: Actor): Promise<UserName[]> {
  return inTenant(ctx.db.app, actor, async (tx) => {
    const active = sql<boolean>`(u.active and u.deleted_at is null)`.as('active');
    if (actor.role !== 'partner') {
      return tx
        .selectFrom('users as u')
        .select(['u.id', 'u.name', active])
        .orderBy(sql`u.name collate "und-x-icu"`)
        .orderBy('u.id')
        .execute();
    }
    // Each question is one index probe per user (owner and assignee indexes); the records'
    // policies make it count only what the partner may see.
    const { rows } = await sql<UserName>`
      select u.id, u.name, ${active} from users u
       where u.id = (select farley_user())
          or u.id = any ((select farley_team_users())::uuid[])
          or exists (select 1 from contacts r where r.workspace_id = u.workspace_id and r.owner_id = u.id)
          or exists (select 1 from companies r where r.workspace_id = u.workspace_id and r.owner_id = u.id)
          or exists (select 1 from deals r where r.workspace_id = u.workspace_id and r.owner_id = u.id)
          or exists (select 1 from tasks r where r.workspace_id = u.workspace_id and r.assignee_id = u.id)
          or exists (select 1 from appointments r where r.workspace_id = u.workspace_id and r.owner_id = u.id)
          or exists (select 1 from deals d join deal_stage_changes c on c.workspace_id = d.workspace_id
                      and c.deal_id = d.id where d.workspace_id = u.workspace_id and c.changed_by = u.id)
       order by u.name collate "und-x-icu", u.id`.execute(tx);
    return rows;
  });
}

/**
 * Signs a user out everywhere (an admin's "force sign-out"): ends all their sessions and
 * revokes their API tokens and app passwords. An admin who does it to themselves keeps the
 * session or token of this request.
 */
export function signOutEverywhere(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  return inTenant(ctx.db.app, actor, async (tx) => {
    await findLive(tx, 'users', id, 'user');
    const own = id === actor.userId;
    await endSessionsOf(tx, id, own ? actor.sessionId : undefined);
    await revokeTokensOf(tx, id, own ? actor.tokenId : undefined);
  });
}
