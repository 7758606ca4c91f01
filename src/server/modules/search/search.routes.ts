// HTTP routes of search (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function searchRoutes(_app: FastifyInstance, _ctx: AppContext) {}
