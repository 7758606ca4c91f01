// HTTP routes of tasks (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function taskRoutes(_app: FastifyInstance, _ctx: AppContext) {}
