// Teams: groups of users with a name; membership is replaced as a whole.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Team, TeamCreate, TeamPatch } from '../../../contract/teams.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import * as repo from './teams.repository.ts';
import { presentTeam } from './teams.presenter.ts';
import type { Row } from '../../platform/presenting.ts';

async function withMembers(tx: Db, row: Row<'teams'>): Promise<Team> {
  const members = await repo.membersOf(tx, [row.id]);
  return presentTeam(row, members.get(row.id) ?? []);
}

export function teamService(ctx: AppContext): RecordService<Team, TeamCreate, TeamPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listTeams(tx, query as ListQuery & { memberId?: string });
        const members = await repo.membersOf(
          tx,
          page.rows.map((row) => row.id),
        );
        return {
          data: page.rows.map((row) => presentTeam(row, members.get(row.id) ?? [])),
          nextCursor: page.nextCursor,
        };
      }),
    get: (actor, id) => inTenant(db, actor, async (tx) => withMembers(tx, await findLive(tx, 'teams', id, 'team'))),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        await assertExists(tx, 'users', input.memberIds ?? [], 'memberIds');
        const row = await repo.insertTeam(tx, {
          workspace_id: actor.workspaceId,
          id: newId(),
          name: input.name,
          description: input.description ?? null,
          partner: input.partner ?? false,
        });
        await repo.replaceMembers(tx, actor.workspaceId, row.id, input.memberIds ?? []);
        return withMembers(tx, row);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const values: Record<string, unknown> = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.description !== undefined) values.description = patch.description;
        if (patch.partner !== undefined) values.partner = patch.partner;
        // A membership change bumps the team's version too, so If-Match guards it like any field.
        const row = await updateLive(tx, 'teams', id, values, version, 'team');
        if (patch.memberIds !== undefined) {
          await assertExists(tx, 'users', patch.memberIds, 'memberIds');
          await repo.replaceMembers(tx, actor.workspaceId, id, patch.memberIds);
        }
        return withMembers(tx, row);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'teams', id, version, 'team');
      }),
    restore: (actor, id) => inTenant(db, actor, async (tx) => withMembers(tx, await restore(tx, 'teams', id, 'team'))),
  };
}

/**
 * The user and everyone who shares a team with them: "my team" for filters. A user in no team
 * is their own team, so "my team" then shows the same as "mine".
 */
export async function teammatesOf(tx: Db, userId: string): Promise<string[]> {
  return repo.teammatesOf(tx, userId);
}

/** The teams the user is a member of (those in the trash left out). */
export async function teamIdsOf(tx: Db, userId: string): Promise<string[]> {
  return repo.teamIdsOf(tx, userId);
}
