// The routes every record resource has, in one place: list, create, read, partial update,
// trash and restore, with ETags, If-Match, Location and the resource's policy.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, listCount, listCountLimit, listResponse, type ListCount } from '../../../contract/common.ts';
import { routePolicy, type RecordResource } from '../policy.ts';
import { actorOf, type Actor } from './actor.ts';
import { countQuerySchema, listQuerySchema, type Fields, type ListQuery } from './listing.ts';
import { problemSchema, problemsOf } from './problems.ts';
import { expectedVersion, withEtag } from './versioning.ts';

export interface RecordService<Out extends { id: string; version: number }, Create, Patch> {
  list(actor: Actor, query: ListQuery): Promise<{ data: Out[]; nextCursor: string | null; searchLimited?: boolean }>;
  /** How many records the list holds (GET /<path>/count), for lists that show their total. */
  count?(actor: Actor, query: ListQuery): Promise<ListCount>;
  get(actor: Actor, id: string): Promise<Out>;
  create(actor: Actor, input: Create): Promise<Out>;
  update(actor: Actor, id: string, patch: Patch, expectedVersion: number | undefined): Promise<Out>;
  trash(actor: Actor, id: string, expectedVersion: number | undefined): Promise<void>;
  restore(actor: Actor, id: string): Promise<Out>;
}

export interface RecordRouteOptions<Out extends { id: string; version: number }, Create, Patch> {
  /** e.g. "companies" */
  path: string;
  /** e.g. "company" */
  noun: string;
  /** Whose entries of the policy table (platform/policy.ts) the routes need. */
  resource: RecordResource;
  tag: string;
  fields: Fields;
  listExtra?: z.ZodRawShape;
  item: z.ZodType<Out>;
  create: z.ZodType<Create>;
  patch: z.ZodType<Patch>;
  service: RecordService<Out, Create, Patch>;
  /** The 201 answer's schema when creation shows more than reads do (a new token's secret). */
  createdItem?: z.ZodType;
}

const problems = problemsOf(400, 401, 403, 404);

export function recordRoutes<Out extends { id: string; version: number }, Create, Patch>(
  app: FastifyInstance,
  options: RecordRouteOptions<Out, Create, Patch>,
) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { path, noun, tag, service, resource } = options;
  const tags = [tag];

  api.get(
    `/${path}`,
    {
      config: { policy: routePolicy('read', resource) },
      schema: {
        tags,
        summary: `List ${path}`,
        description:
          'Keyset-paginated; filters are `field=value` (equals) or `field.op=value` with the operators listed per parameter.',
        querystring: listQuerySchema(options.fields, options.listExtra),
        response: { 200: listResponse(options.item), ...problems },
      },
    },
    async (request) => service.list(actorOf(request), request.query as ListQuery),
  );

  const { count } = service;
  if (count) {
    // Its own request, beside the first page rather than in it: a page stays as fast as it was,
    // and the list shows its total when the count arrives.
    api.get(
      `/${path}/count`,
      {
        config: { policy: routePolicy('read', resource) },
        schema: {
          tags,
          summary: `Count ${path}`,
          description:
            `How many records the list with these filters and this search holds: exact up to ${listCountLimit}, beyond that \`more: true\`. ` +
            "Takes the list's filter, q and trashed parameters.",
          querystring: countQuerySchema(options.fields, options.listExtra),
          response: { 200: listCount, ...problems },
        },
      },
      async (request) => count(actorOf(request), { limit: 1, ...(request.query as Omit<ListQuery, 'limit'>) }),
    );
  }

  api.post(
    `/${path}`,
    {
      config: { policy: routePolicy('create', resource) },
      schema: {
        tags,
        summary: `Create a ${noun}`,
        body: options.create,
        response: { 201: options.createdItem ?? options.item, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await service.create(actorOf(request), request.body as Create);
      reply.code(201).header('location', `/api/v1/${path}/${created.id}`);
      return withEtag(reply, created);
    },
  );

  api.get(
    `/${path}/:id`,
    {
      config: { policy: routePolicy('read', resource) },
      schema: { tags, summary: `Read a ${noun}`, params: idParams, response: { 200: options.item, ...problems } },
    },
    async (request, reply) => withEtag(reply, await service.get(actorOf(request), request.params.id)),
  );

  api.patch(
    `/${path}/:id`,
    {
      config: { policy: routePolicy('update', resource) },
      schema: {
        tags,
        summary: `Change fields of a ${noun}`,
        description: 'Send If-Match with the ETag to refuse the change (412) if someone else changed it first.',
        params: idParams,
        body: options.patch,
        response: { 200: options.item, ...problems, 409: problemSchema, 412: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const updated = await service.update(
        actorOf(request),
        request.params.id,
        request.body as Patch,
        expectedVersion(request),
      );
      return withEtag(reply, updated);
    },
  );

  api.delete(
    `/${path}/:id`,
    {
      config: { policy: routePolicy('delete', resource) },
      schema: {
        tags,
        summary: `Move a ${noun} to the trash`,
        params: idParams,
        response: { 204: z.null(), ...problems, 409: problemSchema, 412: problemSchema },
      },
    },
    async (request, reply) => {
      await service.trash(actorOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  api.post(
    `/${path}/:id/restore`,
    {
      config: { policy: routePolicy('restore', resource) },
      schema: {
        tags,
        summary: `Bring a ${noun} back from the trash`,
        params: idParams,
        response: { 200: options.item, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => withEtag(reply, await service.restore(actorOf(request), request.params.id)),
  );
}
