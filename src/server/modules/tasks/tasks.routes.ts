// HTTP routes of tasks: the record routes plus editing single links.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { linkRoutes } from '../../platform/http/linkRoutes.ts';
import { id } from '../../../contract/common.ts';
import { task, taskCreate, taskPatch } from '../../../contract/tasks.ts';
import { taskFields } from './tasks.repository.ts';
import { taskService } from './tasks.service.ts';

export async function taskRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = taskService(ctx);
  recordRoutes(app, {
    path: 'tasks',
    noun: 'task',
    resource: 'task',
    tag: 'Tasks',
    fields: taskFields,
    listExtra: {
      mine: z.enum(['true', 'false']).optional().describe('true: only tasks assigned to you (the same as owner=me)'),
      owner: z
        .enum(['me', 'team'])
        .optional()
        .describe(
          'me: tasks assigned to you; team: to you or anyone sharing a team with you (only you when you are in no team). Leave out for everyone; assigneeId=<id> for one user',
        ),
      contactId: id.optional().describe('Only tasks linked to this contact'),
      companyId: id.optional().describe('Only tasks linked to this company'),
      dealId: id.optional().describe('Only tasks linked to this deal'),
    },
    item: task,
    create: taskCreate,
    patch: taskPatch,
    service,
  });
  linkRoutes(app, { path: 'tasks', noun: 'task', resource: 'task', tag: 'Tasks', item: task, service });
}
