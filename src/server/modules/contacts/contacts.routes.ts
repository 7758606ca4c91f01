// HTTP routes of contacts, their affiliations, and a company's people.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { listQuerySchema, type ListQuery } from '../../platform/http/listing.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { bulkRoutes } from '../../platform/http/bulkRoutes.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { idParams, listResponse } from '../../../contract/common.ts';
import { contact, contactCreate, contactPatch } from '../../../contract/contacts.ts';
import {
  affiliation,
  affiliationCreate,
  affiliationParams,
  affiliationPatch,
  companyPerson,
} from '../../../contract/affiliations.ts';
import { contactFields } from './contacts.repository.ts';
import { personFields } from './affiliations.repository.ts';
import { contactSearchText, contactService } from './contacts.service.ts';
import { affiliationService } from './affiliations.service.ts';

const problems = problemsOf(400, 401, 403, 404);

export async function contactRoutes(app: FastifyInstance, ctx: AppContext) {
  recordRoutes(app, {
    path: 'contacts',
    noun: 'contact',
    resource: 'contact',
    tag: 'Contacts',
    fields: contactFields,
    item: contact,
    create: contactCreate,
    patch: contactPatch,
    service: contactService(ctx),
  });
  bulkRoutes(app, ctx, { path: 'contacts', resource: 'contact', tag: 'Contacts', searchText: contactSearchText });

  const api = app.withTypeProvider<ZodTypeProvider>();
  const affiliations = affiliationService(ctx);
  const tags = ['Contacts'];

  api.get(
    '/contacts/:id/affiliations',
    {
      config: { policy: ['read', 'contact'] },
      schema: {
        tags,
        summary: 'List the companies a contact belongs to',
        params: idParams,
        response: { 200: z.object({ data: z.array(affiliation) }), ...problems },
      },
    },
    async (request) => affiliations.list(actorOf(request), request.params.id),
  );

  api.post(
    '/contacts/:id/affiliations',
    {
      config: { policy: ['update', 'contact'] },
      schema: {
        tags,
        summary: 'Add the contact to a company',
        params: idParams,
        body: affiliationCreate,
        response: { 201: affiliation, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await affiliations.create(actorOf(request), request.params.id, request.body);
      reply.code(201).header('location', `/api/v1/contacts/${request.params.id}/affiliations/${created.id}`);
      return withEtag(reply, created);
    },
  );

  api.get(
    '/contacts/:id/affiliations/:affiliationId',
    {
      config: { policy: ['read', 'contact'] },
      schema: {
        tags,
        summary: 'Read one affiliation of a contact',
        params: affiliationParams,
        response: { 200: affiliation, ...problems },
      },
    },
    async (request, reply) =>
      withEtag(reply, await affiliations.get(actorOf(request), request.params.id, request.params.affiliationId)),
  );

  api.patch(
    '/contacts/:id/affiliations/:affiliationId',
    {
      config: { policy: ['update', 'contact'] },
      schema: {
        tags,
        summary: 'Change job title, buying role or primary mark of an affiliation',
        params: affiliationParams,
        body: affiliationPatch,
        response: { 200: affiliation, ...problems, 412: problemSchema },
      },
    },
    async (request, reply) => {
      const { id, affiliationId } = request.params;
      return withEtag(
        reply,
        await affiliations.update(actorOf(request), id, affiliationId, request.body, expectedVersion(request)),
      );
    },
  );

  // Removing a link edits the contact (agents may); the audit log keeps what it was.
  api.delete(
    '/contacts/:id/affiliations/:affiliationId',
    {
      config: { policy: ['update', 'contact'] },
      schema: {
        tags,
        summary: 'Remove the contact from a company',
        params: affiliationParams,
        response: { 204: z.null(), ...problems, 412: problemSchema },
      },
    },
    async (request, reply) => {
      const { id, affiliationId } = request.params;
      await affiliations.remove(actorOf(request), id, affiliationId, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/companies/:id/people',
    {
      config: { policy: ['read', 'company'] },
      schema: {
        tags: ['Companies'],
        summary: 'List the people of a company with their role there',
        description:
          "Keyset-paginated like every list; filters on the contact's fields and on buyingRole, isPrimary, affiliationJobTitle.",
        params: idParams,
        querystring: listQuerySchema(personFields),
        response: { 200: listResponse(companyPerson), ...problems },
      },
    },
    async (request) => affiliations.people(actorOf(request), request.params.id, request.query as ListQuery),
  );
}
