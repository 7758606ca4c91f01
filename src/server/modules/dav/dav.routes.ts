// HTTP routes of the phone settings in the API: a user's app passwords for CardDAV/CalDAV
// (each user their own, whatever their role) and which contacts their address book shows.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../contract/common.ts';
import {
  appPasswordCreate,
  appPasswordList,
  createdAppPassword,
  davSettings,
  davSettingsPatch,
} from '../../../contract/dav.ts';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { davService } from './dav.service.ts';

const tags = ['Phones (CardDAV/CalDAV)'];
const problems = problemsOf(400, 401, 403);

/** The DAV server's address as the caller reached this one (behind a proxy: FARLEY_TRUST_PROXY). */
const serverUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}/dav/`;

export async function davRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = davService(ctx);

  api.get(
    '/app-passwords',
    {
      config: { policy: ['read', 'appPassword'] },
      schema: {
        tags,
        summary: "The caller's app passwords (never the passwords themselves)",
        response: { 200: appPasswordList, ...problems },
      },
    },
    async (request) => service.list(actorOf(request)),
  );

  api.post(
    '/app-passwords',
    {
      config: { policy: ['create', 'appPassword'] },
      schema: {
        tags,
        summary: 'Create an app password for a device',
        description:
          "The password opens the CardDAV/CalDAV server (/dav/, HTTP Basic with the user's email) and nothing else; " +
          'it is shown only in this answer.',
        body: appPasswordCreate,
        response: { 201: createdAppPassword, ...problems },
      },
    },
    async (request, reply) => {
      const created = await service.create(actorOf(request), request.body.name);
      reply.code(201).header('cache-control', 'no-store');
      return created;
    },
  );

  api.delete(
    '/app-passwords/:id',
    {
      config: { policy: ['delete', 'appPassword'] },
      schema: {
        tags,
        summary: 'Revoke an app password (at once; the device is refused from its next request)',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await service.revoke(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/dav-settings',
    {
      config: { policy: ['read', 'davSettings'] },
      schema: {
        tags,
        summary: "What to enter on a phone, and which contacts the caller's address book shows",
        response: { 200: davSettings, ...problems },
      },
    },
    async (request) => {
      const settings = await service.settings(actorOf(request));
      return { contactsViewId: settings.contactsViewId, serverUrl: serverUrl(request), username: settings.email };
    },
  );

  api.put(
    '/dav-settings',
    {
      config: { policy: ['update', 'davSettings'] },
      schema: {
        tags,
        summary: "Choose which contacts the caller's address book shows",
        description: 'A saved view of contacts the caller can see (422 otherwise), or null for the contacts they own.',
        body: davSettingsPatch,
        response: { 200: davSettings, ...problems, 422: problemSchema },
      },
    },
    async (request) => {
      const settings = await service.chooseView(actorOf(request), request.body.contactsViewId);
      return { contactsViewId: settings.contactsViewId, serverUrl: serverUrl(request), username: settings.email };
    },
  );
}
