// HTTP routes of two-factor sign-in: the user's own setup, and the workspace's rule.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import {
  recoveryCodes,
  secondFactorInput,
  twoFactorProof,
  twoFactorRule,
  twoFactorSetup,
  twoFactorStatus,
} from '../../../contract/twoFactor.ts';
import { twoFactorService } from './twoFactor.service.ts';

export async function twoFactorRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = twoFactorService(ctx);
  const tags = ['Authentication'];
  const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
  const writeProblems = { ...problems, 409: problemSchema, 422: problemSchema, 429: problemSchema };

  api.get(
    '/auth/two-factor',
    {
      config: { policy: ['read', 'twoFactor'], duringTwoFactorSetup: true },
      schema: {
        tags,
        summary: 'Whether you sign in with a second factor, and whether the workspace asks you to',
        response: { 200: twoFactorStatus, ...problems },
      },
    },
    async (request) => service.status(actorOf(request)),
  );

  api.post(
    '/auth/two-factor/setup',
    {
      config: { policy: ['create', 'twoFactor'], duringTwoFactorSetup: true },
      schema: {
        tags,
        summary: 'Start the setup: a new secret for the authenticator app, with its QR code',
        description: 'Not in use until POST /auth/two-factor/confirm gets a code from it. Starting again replaces it.',
        response: { 200: twoFactorSetup, ...writeProblems },
      },
    },
    async (request) => service.startSetup(actorOf(request)),
  );

  api.post(
    '/auth/two-factor/confirm',
    {
      config: { policy: ['create', 'twoFactor'], duringTwoFactorSetup: true },
      schema: {
        tags,
        summary: 'Turn two-factor sign-in on with a code from the app; answers the recovery codes, shown this once',
        body: secondFactorInput,
        response: { 200: recoveryCodes, ...writeProblems },
      },
    },
    async (request) => service.confirmSetup(actorOf(request), request.body.code),
  );

  api.post(
    '/auth/two-factor/disable',
    {
      config: { policy: ['delete', 'twoFactor'] },
      schema: {
        tags,
        summary: 'Turn two-factor sign-in off (needs your password or a code)',
        body: twoFactorProof,
        response: { 204: z.null(), ...writeProblems },
      },
    },
    async (request, reply) => {
      await service.disable(actorOf(request), request.body);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/auth/two-factor/recovery-codes',
    {
      config: { policy: ['update', 'twoFactor'] },
      schema: {
        tags,
        summary: 'New recovery codes in place of the old ones (needs your password or a code)',
        body: twoFactorProof,
        response: { 200: recoveryCodes, ...writeProblems },
      },
    },
    async (request) => service.regenerateRecoveryCodes(actorOf(request), request.body),
  );

  api.get(
    '/auth/two-factor/rule',
    {
      config: { policy: ['read', 'twoFactorRule'] },
      schema: {
        tags,
        summary: "The workspace's rule of who must sign in with a second factor",
        response: { 200: twoFactorRule, ...problems },
      },
    },
    async (request) => service.rule(actorOf(request)),
  );

  api.put(
    '/auth/two-factor/rule',
    {
      config: { policy: ['update', 'twoFactorRule'] },
      schema: {
        tags,
        summary: 'Change who must sign in with a second factor: nobody, admins or everyone',
        description:
          'Users it newly applies to and who have none are asked to set it up before anything else, from their next request on; API tokens are not held back.',
        body: twoFactorRule,
        response: { 200: twoFactorRule, ...writeProblems },
      },
    },
    async (request) => service.changeRule(actorOf(request), request.body.requiredFor),
  );

  api.post(
    '/users/:id/two-factor/reset',
    {
      config: { policy: ['update', 'user'] },
      schema: {
        tags,
        summary: "Turn a user's two-factor sign-in off (they lost their phone and their recovery codes)",
        description:
          'They then sign in with the password alone and set it up again (at once, if the rule requires it).',
        params: idParams,
        response: { 204: z.null(), ...writeProblems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await service.resetFor(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
