// HTTP routes of teams: everyone reads them, admins manage them.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { id } from '../../../contract/common.ts';
import { team, teamCreate, teamPatch } from '../../../contract/teams.ts';
import { teamFields } from './teams.repository.ts';
import { teamService } from './teams.service.ts';

export async function teamRoutes(app: FastifyInstance, ctx: AppContext) {
  recordRoutes(app, {
    path: 'teams',
    noun: 'team',
    resource: 'team',
    tag: 'Teams',
    fields: teamFields,
    listExtra: { memberId: id.optional().describe('Only teams this user is a member of') },
    item: team,
    create: teamCreate,
    patch: teamPatch,
    service: teamService(ctx),
  });
}
