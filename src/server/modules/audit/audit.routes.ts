// HTTP routes of audit (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function auditRoutes(_app: FastifyInstance, _ctx: AppContext) {}
