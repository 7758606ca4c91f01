// HTTP routes of users: everyone reads colleagues, admins manage them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { user, userCreate, userPatch } from '../../../contract/users.ts';
import { userFields } from './users.repository.ts';
import { signOutEverywhere, userService } from './users.service.ts';

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
