// HTTP routes of users: everyone reads colleagues, admins manage them.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { user, userCreate, userPatch } from '../../../contract/users.ts';
import { userFields } from './users.repository.ts';
import { userService } from './users.service.ts';

export async function userRoutes(app: FastifyInstance, ctx: AppContext) {
  recordRoutes(app, {
    path: 'users',
    noun: 'user',
    resource: 'user',
    tag: 'Users',
    fields: userFields,
    item: user,
    create: userCreate,
    patch: userPatch,
    service: userService(ctx),
  });
}
