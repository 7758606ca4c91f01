// What the API shows of a team: its members by id.
import type { Team } from '../../../contract/teams.ts';
import { iso, type Row } from '../../platform/presenting.ts';

export function presentTeam(row: Row<'teams'>, memberIds: string[]): Team {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    partner: row.partner,
    memberIds,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
