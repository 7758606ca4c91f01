// HTTP routes of the calendar: appointments (read, create, change, trash, one occurrence of a
// series, .ics download, invitations), the calendar of a range, public holidays, the calendar
// settings and the personal iCalendar feed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, type Actor } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import { idParams } from '../../../contract/common.ts';
import {
  appointment,
  appointmentCreate,
  appointmentPatch,
  calendarFeed,
  calendarQuery,
  calendarResponse,
  calendarSettings,
  holidaysQuery,
  holidaysResponse,
  occurrenceParams,
  occurrencePatch,
} from '../../../contract/appointments.ts';
import { AppError } from '../../platform/errors.ts';
import { appointmentService } from './appointments.service.ts';
import { feedService } from './appointments.feed.ts';
import { sendInvitations } from './appointments.invite.ts';

const tags = ['Calendar'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const writeProblems = { ...problems, 409: problemSchema, 412: problemSchema, 422: problemSchema };

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function appointmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const log = app.log;
  const service = appointmentService(ctx);
  /**
   * Runs a change; the updates and cancellations it asks for go out once it is committed. A
   * failure to send is logged, and the change stays.
   */
  async function changing<T>(actor: Actor, run: (s: ReturnType<typeof appointmentService>) => Promise<T>): Promise<T> {
    const pending: Array<[string, 'REQUEST' | 'CANCEL']> = [];
    const result = await run(appointmentService(ctx, (_workspaceId, id, method) => pending.push([id, method])));
    for (const [id, method] of pending) {
      sendInvitations(ctx, actor, id, method).catch((error) =>
        log.warn({ err: error, appointmentId: id }, 'sending the appointment update failed'),
      );
    }
    return result;
  }
  const feeds = feedService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/calendar',
    {
      config: { policy: ['read', 'appointment'] },
      schema: {
        tags,
        summary: 'The calendar of a range: appointments and occurrences of series',
        description:
          'Whose: `userIds` and/or a `teamId` (organiser or attending user), default your own; `contactId` narrows to appointments with that contact. At most 100 days.',
        querystring: calendarQuery,
        response: { 200: calendarResponse, ...problems },
      },
    },
    async (request) => service.calendar(actorOf(request), request.query),
  );

  api.get(
    '/calendar/holidays',
    {
      // Part of reading the calendar (partners too), not of its settings.
      config: { policy: ['read', 'appointment'] },
      schema: {
        tags,
        summary: "Public holidays of the workspace's region in a year",
        querystring: holidaysQuery,
        response: { 200: holidaysResponse, ...problems },
      },
    },
    async (request) => service.holidays(actorOf(request), request.query.year, request.query.lang ?? 'de'),
  );

  api.get(
    '/calendar/settings',
    {
      config: { policy: ['read', 'calendarSettings'] },
      schema: { tags, summary: 'Calendar settings of the workspace', response: { 200: calendarSettings, ...problems } },
    },
    async (request) => service.settings(actorOf(request)),
  );

  api.patch(
    '/calendar/settings',
    {
      config: { policy: ['update', 'calendarSettings'] },
      schema: {
        tags,
        summary: 'Change the calendar settings (the holiday region)',
        body: calendarSettings,
        response: { 200: calendarSettings, ...writeProblems },
      },
    },
    async (request) => service.changeSettings(actorOf(request), request.body),
  );

  api.get(
    '/calendar/feed',
    {
      config: { policy: ['read', 'calendarFeed'] },
      schema: {
        tags,
        summary: 'Whether you have a personal iCalendar feed (its address is only shown when made)',
        response: { 200: calendarFeed, ...problems },
      },
    },
    async (request) => feeds.status(actorOf(request)),
  );

  api.post(
    '/calendar/feed',
    {
      config: { policy: ['create', 'calendarFeed'] },
      schema: {
        tags,
        summary: 'Make a new secret feed address (the old one stops working)',
        response: { 201: calendarFeed, ...problems },
      },
    },
    async (request, reply) => {
      reply.code(201).header('cache-control', 'no-store');
      return feeds.renew(actorOf(request), origin(request));
    },
  );

  api.delete(
    '/calendar/feed',
    {
      config: { policy: ['delete', 'calendarFeed'] },
      schema: { tags, summary: 'Revoke your feed address', response: { 204: z.null(), ...problems } },
    },
    async (request, reply) => {
      await feeds.revoke(actorOf(request));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/calendar/feeds/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'A personal iCalendar feed (for calendar clients; the address is the secret)',
        security: [],
        params: z.object({ token: z.string().max(200) }).strict(),
        response: { 200: z.string(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const ics = await feeds.read(request.params.token.replace(/\.ics$/, ''));
      if (ics === null) throw new AppError('not_found', 'No such calendar feed (it may have been revoked).');
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(ics);
    },
  );

  api.post(
    '/appointments',
    {
      config: { policy: ['create', 'appointment'] },
      schema: {
        tags,
        summary: 'Create an appointment',
        body: appointmentCreate,
        response: { 201: appointment, ...writeProblems },
      },
    },
    async (request, reply) => {
      const created = await service.create(actorOf(request), request.body);
      reply.code(201).header('location', `/api/v1/appointments/${created.id}`);
      return withEtag(reply, created);
    },
  );

  api.get(
    '/appointments/:id',
    {
      config: { policy: ['read', 'appointment'] },
      schema: { tags, summary: 'Read an appointment', params: idParams, response: { 200: appointment, ...problems } },
    },
    async (request, reply) => withEtag(reply, await service.get(actorOf(request), request.params.id)),
  );

  api.patch(
    '/appointments/:id',
    {
      config: { policy: ['update', 'appointment'] },
      schema: {
        tags,
        summary: 'Change an appointment (the whole series); invited attendees get the update',
        params: idParams,
        body: appointmentPatch,
        response: { 200: appointment, ...writeProblems },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await changing(actorOf(request), (s) =>
          s.update(actorOf(request), request.params.id, request.body, expectedVersion(request)),
        ),
      ),
  );

  api.delete(
    '/appointments/:id',
    {
      config: { policy: ['delete', 'appointment'] },
      schema: {
        tags,
        summary: 'Delete an appointment; invited attendees get a cancellation',
        params: idParams,
        response: { 204: z.null(), ...writeProblems },
      },
    },
    async (request, reply) => {
      await changing(actorOf(request), (s) => s.trash(actorOf(request), request.params.id, expectedVersion(request)));
      return reply.code(204).send(null);
    },
  );

  api.patch(
    '/appointments/:id/occurrences/:recurrenceId',
    {
      config: { policy: ['update', 'appointment'] },
      schema: {
        tags,
        summary: 'Change or cancel one occurrence of a series',
        params: occurrenceParams,
        body: occurrencePatch,
        response: { 200: appointment, ...writeProblems },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await changing(actorOf(request), (s) =>
          s.changeOccurrence(
            actorOf(request),
            request.params.id,
            request.params.recurrenceId,
            request.body,
            expectedVersion(request),
          ),
        ),
      ),
  );

  api.get(
    '/appointments/:id/ics',
    {
      config: { policy: ['read', 'appointment'] },
      schema: {
        tags,
        summary: 'The appointment as an iCalendar file',
        params: idParams,
        response: { 200: z.string(), ...problems },
      },
    },
    async (request, reply) => {
      const file = await service.ics(actorOf(request), request.params.id);
      const name = `${
        file.title
          .replace(/[\\/:*?"<>|]+/g, ' ')
          .trim()
          .slice(0, 80) || 'Termin'
      }.ics`;
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', attachmentDisposition(name))
        .send(file.ics);
    },
  );

  api.post(
    '/appointments/:id/invitations',
    {
      config: { policy: ['share', 'appointment'] },
      schema: {
        tags,
        summary: 'Send the invitation to the attendees (iCalendar by mail, through your mailbox)',
        params: idParams,
        response: { 200: z.object({ sent: z.number() }), ...writeProblems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const appointment = await service.get(actor, request.params.id);
      if (appointment.ownerId !== actor.userId) {
        throw new AppError(
          'forbidden',
          'Invitations go out from the organiser’s mailbox: only the organiser sends them.',
        );
      }
      return { sent: await sendInvitations(ctx, actor, request.params.id, 'REQUEST') };
    },
  );
}
