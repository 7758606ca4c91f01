// SQL of teams and their members.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { listPage, type Fields, type ListQuery } from '../../platform/http/listing.ts';

export const teamFields: Fields = {
  name: { column: 'name', kind: 'text' },
  description: { column: 'description', kind: 'text', nullable: true },
  partner: { column: 'partner', kind: 'boolean' },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

export async function listTeams(tx: Db, query: ListQuery & { memberId?: string }) {
  let builder = tx.selectFrom('teams').selectAll();
  if (query.memberId) {
    const memberId = query.memberId;
    builder = builder.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('team_members')
          .select(sql`1`.as('one'))
          .whereRef('team_members.team_id', '=', 'teams.id')
          .where('team_members.user_id', '=', memberId),
      ),
    );
  }
  return listPage(builder, { fields: teamFields, query, defaultSort: 'name' });
}

export async function insertTeam(
  tx: Db,
  values: { workspace_id: string; id: string; name: string; description: string | null; partner: boolean },
) {
  return tx.insertInto('teams').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Member ids per team, leaving out users in the trash. */
export async function membersOf(tx: Db, teamIds: string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return members;
  const rows = await tx
    .selectFrom('team_members')
    .innerJoin('users', (join) =>
      join.onRef('users.workspace_id', '=', 'team_members.workspace_id').onRef('users.id', '=', 'team_members.user_id'),
    )
    .select(['team_members.team_id', 'team_members.user_id'])
    .where('team_members.team_id', 'in', teamIds)
    .where('users.deleted_at', 'is', null)
    .orderBy('team_members.user_id')
    .execute();
  for (const row of rows) members.get(row.team_id)?.push(row.user_id);
  return members;
}

/** The user and the live members of every team the user belongs to, each once. */
export async function teammatesOf(tx: Db, userId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('team_members as mine')
    .innerJoin('teams', (join) =>
      join.onRef('teams.workspace_id', '=', 'mine.workspace_id').onRef('teams.id', '=', 'mine.team_id'),
    )
    .innerJoin('team_members as other', (join) =>
      join.onRef('other.workspace_id', '=', 'mine.workspace_id').onRef('other.team_id', '=', 'mine.team_id'),
    )
    .innerJoin('users', (join) =>
      join.onRef('users.workspace_id', '=', 'other.workspace_id').onRef('users.id', '=', 'other.user_id'),
    )
    .select('other.user_id')
    .distinct()
    .where('mine.user_id', '=', userId)
    .where('teams.deleted_at', 'is', null)
    .where('users.deleted_at', 'is', null)
    .execute();
  return [...new Set([userId, ...rows.map((row) => row.user_id)])];
}

/** Makes `userIds` the exact membership of the team. */
export async function replaceMembers(tx: Db, workspaceId: string, teamId: string, userIds: string[]) {
  await tx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (userIds.length === 0) return;
  await tx
    .insertInto('team_members')
    .values(userIds.map((userId) => ({ workspace_id: workspaceId, team_id: teamId, user_id: userId })))
    .execute();
}

/** The live teams the user belongs to. */
export async function teamIdsOf(tx: Db, userId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('team_members')
    .innerJoin('teams', (join) =>
      join.onRef('teams.workspace_id', '=', 'team_members.workspace_id').onRef('teams.id', '=', 'team_members.team_id'),
    )
    .select('team_members.team_id')
    .where('team_members.user_id', '=', userId)
    .where('teams.deleted_at', 'is', null)
    .execute();
  return rows.map((row) => row.team_id);
}
