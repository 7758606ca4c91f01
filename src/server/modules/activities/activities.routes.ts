// HTTP routes of activities (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function activityRoutes(_app: FastifyInstance, _ctx: AppContext) {}
