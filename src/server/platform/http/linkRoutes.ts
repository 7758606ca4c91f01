// The link routes of activities and tasks: add or remove one linked contact, company or deal
// without sending the whole list (POST /{path}/{id}/links, DELETE /{path}/{id}/links/{type}/{recordId}).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../contract/common.ts';
import { linkCreate, linkParams, type LinkType } from '../../../contract/activities.ts';
import { routePolicy } from '../policy.ts';
import { actorOf, type Actor } from './actor.ts';
import { problemSchema, problemsOf } from './problems.ts';
import { expectedVersion, withEtag } from './versioning.ts';

export interface LinkService<Out extends { id: string; version: number }> {
  /** `created` is false when the link existed already (nothing changed). */
  addLink(
    actor: Actor,
    id: string,
    type: LinkType,
    recordId: string,
    expectedVersion: number | undefined,
  ): Promise<{ record: Out; created: boolean }>;
  removeLink(
    actor: Actor,
    id: string,
    type: LinkType,
    recordId: string,
    expectedVersion: number | undefined,
  ): Promise<void>;
}

const problems = problemsOf(400, 401, 403, 404, 412);

export function linkRoutes<Out extends { id: string; version: number }>(
  app: FastifyInstance,
  options: {
    path: string;
    noun: string;
    /** Linking changes the record: the routes need the resource's update. */
    resource: 'activity' | 'task';
    tag: string;
    item: z.ZodType<Out>;
    service: LinkService<Out>;
  },
) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { path, noun, service } = options;
  const tags = [options.tag];

  api.post(
    `/${path}/:id/links`,
    {
      config: { policy: routePolicy('update', options.resource) },
      schema: {
        tags,
        summary: `Link a ${noun} to a contact, company or deal`,
        description: `Answers 201 with the changed ${noun} when the link is new, 200 when it existed already.`,
        params: idParams,
        body: linkCreate,
        response: { 200: options.item, 201: options.item, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const { type, id: recordId } = request.body;
      const { record, created } = await service.addLink(
        actorOf(request),
        request.params.id,
        type,
        recordId,
        expectedVersion(request),
      );
      if (created)
        reply.code(201).header('location', `/api/v1/${path}/${record.id}/links/${type}/${recordId.toLowerCase()}`);
      return withEtag(reply, record);
    },
  );

  api.delete(
    `/${path}/:id/links/:type/:recordId`,
    {
      config: { policy: routePolicy('update', options.resource) },
      schema: {
        tags,
        summary: `Remove a link of a ${noun}`,
        params: linkParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const { id, type, recordId } = request.params;
      await service.removeLink(actorOf(request), id, type, recordId.toLowerCase(), expectedVersion(request));
      return reply.code(204).send(null);
    },
  );
}
