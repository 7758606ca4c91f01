// HTTP routes of record- and field-level access (admins keep the rules, everyone reads them),
// and the hooks that apply the field rules to every API answer and write.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accessRules, myAccess } from '../../../contract/access.ts';
import type { AppContext } from '../../platform/context.ts';
import { fieldAccessFor, fieldReadOnly, lockedFieldsIn, restricts, withoutHidden } from '../../platform/fieldAccess.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { accessService } from './access.service.ts';

const tags = ['Access'];
const problems = { 401: problemSchema, 403: problemSchema };

/** Record types whose fields a write to a resource's routes may carry. */
const writtenTypes: Record<string, readonly string[]> = {
  contact: ['contact'],
  company: ['company'],
  potential: ['company'],
  import: ['contact', 'company'],
};

/**
 * On `api` before the routes: writes naming a field the caller's role may not change are
 * refused (before the body is validated, like the policy), and every JSON answer loses the
 * fields the role may not see.
 */
export function installFieldAccess(api: FastifyInstance, ctx: AppContext) {
  api.addHook('preValidation', async (request) => {
    const actor = request.actor;
    if (!actor || actor.role === 'admin' || request.method === 'GET' || request.method === 'HEAD') return;
    const [, resource] = request.routeOptions.config?.policy ?? [];
    const types = resource ? writtenTypes[resource] : undefined;
    if (!types || request.body === undefined) return;
    const access = await fieldAccessFor(ctx.db.app, actor);
    const touched = lockedFieldsIn(request.body, access, types);
    if (touched.length > 0) {
      throw fieldReadOnly(
        `Your role may not change ${touched.join(', ')}${touched.includes('contact.privatePhones') ? ' (phones: private numbers are hidden for it)' : ''}.`,
      );
    }
  });

  api.addHook('preSerialization', async (request, _reply, payload) => {
    const actor = request.actor;
    if (!actor || actor.role === 'admin' || payload === null || typeof payload !== 'object') return payload;
    const access = await fieldAccessFor(ctx.db.app, actor);
    return restricts(access) ? withoutHidden(payload, access) : payload;
  });
}

export async function accessRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = accessService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/access-rules',
    {
      config: { policy: ['read', 'accessRules'] },
      schema: {
        tags,
        summary: 'Record scopes and field rules per role',
        description:
          'Roles and record types without a rule see and change all records (partners: their partner organisation). Admins are never restricted.',
        response: { 200: accessRules, ...problems },
      },
    },
    async (request) => service.rules(actorOf(request)),
  );

  api.get(
    '/access-rules/mine',
    {
      config: { policy: ['read', 'accessRules'] },
      schema: {
        tags,
        summary: "The caller's own record scopes and team mates",
        description:
          'Per record type the scope the caller sees (`read`) and changes (`write`), and the users in their teams: a new or changed record may have an owner only within the write scope (else 403 `outside_scope`).',
        response: { 200: myAccess, ...problems },
      },
    },
    async (request) => service.mine(actorOf(request)),
  );

  api.put(
    '/access-rules',
    {
      config: { policy: ['update', 'accessRules'] },
      schema: {
        tags,
        summary: 'Replace the record scopes and field rules',
        description:
          'Takes effect with the next request: record scopes are enforced by the database, field rules read with each session or token.',
        body: accessRules,
        response: { 200: accessRules, 400: problemSchema, ...problems },
      },
    },
    async (request) => service.replace(actorOf(request), request.body),
  );
}
