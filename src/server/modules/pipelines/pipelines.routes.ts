// HTTP routes of pipelines (not written yet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export async function pipelineRoutes(_app: FastifyInstance, _ctx: AppContext) {}
