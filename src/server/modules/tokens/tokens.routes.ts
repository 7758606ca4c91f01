// HTTP routes of tokens (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function tokenRoutes(_app: FastifyInstance, _ctx: AppContext) {}
