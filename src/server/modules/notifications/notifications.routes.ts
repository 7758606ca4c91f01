// HTTP routes of the signed-in user's notifications: GET /notifications,
// POST /notifications/{id}/read, POST /notifications/read-all. Every role has its own.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import { notification, notificationPage, notificationQuery, readAllResult } from '../../../contract/notifications.ts';
import { notificationService } from './notifications.service.ts';

const tags = ['Notifications'];
const problems = problemsOf(400, 401, 403);

export async function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = notificationService(ctx);
  api.get(
    '/notifications',
    {
      config: { policy: ['read', 'notification'] },
      schema: {
        tags,
        summary: 'My notifications',
        description:
          "The signed-in user's notifications (due task reminders), newest first, keyset-paginated, with the number of unread ones.",
        querystring: notificationQuery,
        response: { 200: notificationPage, ...problems },
      },
    },
    async (request) => service.list(actorOf(request), request.query),
  );
  api.post(
    '/notifications/:id/read',
    {
      config: { policy: ['update', 'notification'] },
      schema: {
        tags,
        summary: 'Mark a notification read',
        params: idParams,
        response: { 200: notification, ...problems, 404: problemSchema },
      },
    },
    async (request) => service.read(actorOf(request), request.params.id),
  );
  api.post(
    '/notifications/read-all',
    {
      config: { policy: ['update', 'notification'] },
      schema: { tags, summary: 'Mark all my notifications read', response: { 200: readAllResult, ...problems } },
    },
    async (request) => service.readAll(actorOf(request)),
  );
}
