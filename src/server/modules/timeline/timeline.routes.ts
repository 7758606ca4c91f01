// HTTP routes of timeline (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function timelineRoutes(_app: FastifyInstance, _ctx: AppContext) {}
