// HTTP routes of activities: the record routes plus editing single links.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { linkRoutes } from '../../platform/http/linkRoutes.ts';
import { id } from '../../../contract/common.ts';
import { activity, activityCreate, activityPatch } from '../../../contract/activities.ts';
import { activityFields } from './activities.repository.ts';
import { activityService } from './activities.service.ts';

export async function activityRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = activityService(ctx);
  recordRoutes(app, {
    path: 'activities',
    noun: 'activity',
    resource: 'activity',
    tag: 'Activities',
    fields: activityFields,
    listExtra: {
      contactId: id.optional().describe('Only activities linked to this contact'),
      companyId: id.optional().describe('Only activities linked to this company'),
      dealId: id.optional().describe('Only activities linked to this deal'),
    },
    item: activity,
    create: activityCreate,
    patch: activityPatch,
    service,
  });
  linkRoutes(app, {
    path: 'activities',
    noun: 'activity',
    resource: 'activity',
    tag: 'Activities',
    item: activity,
    service,
  });
}
