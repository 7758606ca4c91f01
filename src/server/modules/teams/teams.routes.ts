// HTTP routes of teams (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function teamRoutes(_app: FastifyInstance, _ctx: AppContext) {}
