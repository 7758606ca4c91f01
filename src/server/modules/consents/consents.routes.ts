// HTTP routes of GDPR consents (per contact, and the workspace's purposes) and of the
// restriction of processing (Art. 18) of a contact.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { withEtag } from '../../platform/http/versioning.ts';
import { idParams } from '../../../contract/common.ts';
import { contact } from '../../../contract/contacts.ts';
import {
  consentCreate,
  consentEntry,
  consentPurpose,
  consentPurposeCreate,
  contactConsents,
  restrictionSet,
} from '../../../contract/consents.ts';
import { restrictionService } from '../contacts/restrictions.service.ts';
import { consentService } from './consents.service.ts';

const problems = problemsOf(400, 401, 403, 404);

export async function consentRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const consents = consentService(ctx);
  const restrictions = restrictionService(ctx);
  const tags = ['Privacy'];

  api.get(
    '/consent-purposes',
    {
      config: { policy: ['read', 'consent'] },
      schema: {
        tags,
        summary: 'The purposes consents are recorded for: the built-in ones and the workspace’s own',
        response: { 200: z.object({ data: z.array(consentPurpose) }), ...problemsOf(400, 401, 403) },
      },
    },
    async (request) => consents.purposes(actorOf(request)),
  );

  api.post(
    '/consent-purposes',
    {
      config: { policy: ['manage', 'consent'] },
      schema: {
        tags,
        summary: 'Add a purpose of the workspace',
        body: consentPurposeCreate,
        response: { 201: consentPurpose, ...problemsOf(400, 401, 403), 409: problemSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return consents.addPurpose(actorOf(request), request.body);
    },
  );

  api.get(
    '/contacts/:id/consents',
    {
      config: { policy: ['read', 'consent'] },
      schema: {
        tags,
        summary: "A contact's consents: the current state per purpose and the whole history",
        description: 'The history includes the entries of contacts merged into this one.',
        params: idParams,
        response: { 200: contactConsents, ...problems },
      },
    },
    async (request) => consents.list(actorOf(request), request.params.id),
  );

  api.post(
    '/contacts/:id/consents',
    {
      config: { policy: ['create', 'consent'] },
      schema: {
        tags,
        summary: 'Record a consent or its withdrawal (a new entry of the history; entries are never changed)',
        params: idParams,
        body: consentCreate,
        response: { 201: consentEntry, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return consents.record(actorOf(request), request.params.id, request.body);
    },
  );

  api.put(
    '/contacts/:id/restriction',
    {
      config: { policy: ['create', 'restriction'] },
      schema: {
        tags,
        summary: 'Restrict processing of the contact (GDPR Art. 18): no edits, no trash, no email',
        description: 'Restricting again replaces the reason. Answers with the contact.',
        params: idParams,
        body: restrictionSet,
        response: { 200: contact, ...problems },
      },
    },
    async (request, reply) =>
      withEtag(reply, await restrictions.restrict(actorOf(request), request.params.id, request.body.reason)),
  );

  api.delete(
    '/contacts/:id/restriction',
    {
      config: { policy: ['delete', 'restriction'] },
      schema: {
        tags,
        summary: 'Lift the restriction of processing (managers and admins)',
        description: 'Answers with the contact; a contact without a restriction stays as it is.',
        params: idParams,
        response: { 200: contact, ...problems },
      },
    },
    async (request, reply) => withEtag(reply, await restrictions.lift(actorOf(request), request.params.id)),
  );
}
