// HTTP routes of users: everyone reads colleagues, admins manage them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { user, userCreate, userNames as userNamesAnswer, userPatch } from '../../../contract/users.ts';
import { userFields } from './users.repository.ts';
import { signOutEverywhere, userNames, userService } from './users.service.ts';

export async function userRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/users/names',
    {
      config: { policy: ['read', 'userName'] },
      schema: {
        tags: ['Users'],
        summary: 'The names behind user ids (everyone; partners: the people they work with)',
        description:
          'Id, name and whether the user is active, for showing owners, assignees and authors. ' +
          'Staff get every user of the workspace, former ones too. Partners, who may not list ' +
          'the users, get themselves, their partner organisation and the people who own, are ' +
          'assigned or moved a record they may see.',
        response: { 200: userNamesAnswer, ...problemsOf(401, 403) },
      },
    },
    async (request) => ({ data: await userNames(ctx, actorOf(request)) }),
  );

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

  app.withTypeProvider<ZodTypeProvider>().post(
    '/users/:id/sign-out',
    {
      config: { policy: ['manage', 'user'] },
      schema: {
        tags: ['Users'],
        summary: 'Sign a user out everywhere (admins)',
        description:
          "Ends all the user's sessions and revokes their API tokens and app passwords at once; " +
          'they sign in again with their password. Done to oneself, the session or token of this request stays.',
        params: idParams,
        response: { 204: z.null(), ...problemsOf(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await signOutEverywhere(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
