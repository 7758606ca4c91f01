// HTTP routes of API tokens: admins only, even for reading (the list shows who can act as whom).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { apiToken, apiTokenCreate, apiTokenPatch, createdApiToken } from '../../../contract/tokens.ts';
import { tokenFields } from './tokens.repository.ts';
import { tokenService } from './tokens.service.ts';

export async function tokenRoutes(app: FastifyInstance, ctx: AppContext) {
  recordRoutes(app, {
    path: 'api-tokens',
    noun: 'token',
    resource: 'token',
    tag: 'API tokens',
    fields: tokenFields,
    item: apiToken,
    createdItem: createdApiToken,
    create: apiTokenCreate,
    patch: apiTokenPatch,
    service: tokenService(ctx),
  });
}
