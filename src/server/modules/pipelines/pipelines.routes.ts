// HTTP routes of pipelines. Pipelines are configuration: changing them needs a manager.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { pipeline, pipelineCreate, pipelinePatch } from '../../../contract/pipelines.ts';
import { pipelineFields } from './pipelines.repository.ts';
import { pipelineService } from './pipelines.service.ts';

export async function pipelineRoutes(app: FastifyInstance, ctx: AppContext) {
  recordRoutes(app, {
    path: 'pipelines',
    noun: 'pipeline',
    resource: 'pipeline',
    tag: 'Pipelines',
    fields: pipelineFields,
    item: pipeline,
    create: pipelineCreate,
    patch: pipelinePatch,
    service: pipelineService(ctx),
  });
}
