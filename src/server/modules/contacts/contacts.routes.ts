// HTTP routes of contacts (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function contactRoutes(_app: FastifyInstance, _ctx: AppContext) {}
