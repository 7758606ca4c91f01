// HTTP routes of deals (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function dealRoutes(_app: FastifyInstance, _ctx: AppContext) {}
