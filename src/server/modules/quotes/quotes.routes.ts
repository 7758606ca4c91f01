// HTTP routes of quotes: the record routes (drafts change and go to the trash), the actions of
// the life cycle (issue, revise, accept, decline), and the workspace's sales settings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../contract/common.ts';
import {
  quote,
  quoteAccept,
  quoteCreate,
  quoteDecline,
  quotePatch,
  quoteStatuses,
  salesSettings,
  salesSettingsPatch,
} from '../../../contract/quotes.ts';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { routePolicy } from '../../platform/policy.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { quoteFields } from './quotes.repository.ts';
import { quoteService, salesSettingsService } from './quotes.service.ts';

const tags = ['Quotes'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const statusList = z
  .string()
  .regex(new RegExp(`^(${quoteStatuses.join('|')})(,(${quoteStatuses.join('|')}))*$`), {
    message: `one or more of ${quoteStatuses.join(', ')}, comma-separated`,
  })
  .optional()
  .describe('Statuses, comma-separated; `expired` is a sent quote past validUntil, `sent` one still valid');

export async function quoteRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = quoteService(ctx);
  recordRoutes(app, {
    path: 'quotes',
    noun: 'quote',
    resource: 'quote',
    tag: 'Quotes',
    fields: quoteFields,
    listExtra: { status: statusList },
    item: quote,
    create: quoteCreate,
    patch: quotePatch,
    service,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  const actionSchema = (summary: string, description: string) => ({
    tags,
    summary,
    description: `${description} Send If-Match to refuse it (412) after someone else changed the quote.`,
    params: idParams,
    response: { 200: quote, 201: quote, ...problems, 409: problemSchema, 412: problemSchema, 422: problemSchema },
  });
  const policy = { policy: routePolicy('update', 'quote') };

  api.post(
    '/quotes/:id/issue',
    {
      config: policy,
      schema: actionSchema(
        'Issue and send a draft',
        'Gives the draft its number (the next of the year of its quote date, or its own number with the revision ' +
          'suffix), freezes its totals, marks it sent and writes "Quote … sent" on the timeline of its customer ' +
          'and deal. A new revision supersedes the one before. 409 unless the quote is a draft; 422 without an item line.',
      ),
    },
    async (request, reply) =>
      withEtag(reply, await service.issue(actorOf(request), request.params.id, expectedVersion(request))),
  );
  api.post(
    '/quotes/:id/revise',
    {
      config: policy,
      schema: actionSchema(
        'Start a new revision of a sent quote (201)',
        'Copies a sent, expired or declined quote into a draft with the same number and the next revision; ' +
          'the sent one stays as it is until the new one is issued. 409 if a draft revision is open already.',
      ),
    },
    async (request, reply) => {
      const created = await service.revise(actorOf(request), request.params.id, expectedVersion(request));
      reply.code(201).header('location', `/api/v1/quotes/${created.id}`);
      return withEtag(reply, created);
    },
  );
  api.post(
    '/quotes/:id/accept',
    {
      config: policy,
      schema: {
        ...actionSchema(
          'Record that the customer accepted',
          'A sent (or expired) quote becomes accepted; with `winDeal` its deal moves to the won stage with the ' +
            "quote's net total as amount (422 if the quote has no deal).",
        ),
        body: quoteAccept.nullable().optional(),
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.accept(actorOf(request), request.params.id, request.body ?? {}, expectedVersion(request)),
      ),
  );
  api.post(
    '/quotes/:id/decline',
    {
      config: policy,
      schema: {
        ...actionSchema(
          'Record that the customer declined',
          'A sent (or expired) quote becomes declined, with an optional reason.',
        ),
        body: quoteDecline.nullable().optional(),
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.decline(actorOf(request), request.params.id, request.body ?? {}, expectedVersion(request)),
      ),
  );

  const settings = salesSettingsService(ctx);
  api.get(
    '/sales-settings',
    {
      config: { policy: ['read', 'salesSettings'] },
      schema: {
        tags,
        summary: "The workspace's sales settings (§ 19 UStG, validity and texts of quotes)",
        response: { 200: salesSettings, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => settings.get(actorOf(request)),
  );
  api.patch(
    '/sales-settings',
    {
      config: { policy: ['update', 'salesSettings'] },
      schema: {
        tags,
        summary: 'Change sales settings (managers)',
        body: salesSettingsPatch,
        response: {
          200: salesSettings,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => settings.update(actorOf(request), request.body),
  );
}
