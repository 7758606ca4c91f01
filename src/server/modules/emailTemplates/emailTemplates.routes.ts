// HTTP routes of email templates: list, read, save, change, delete, and preview a saved or an
// unsaved template filled from a contact, company and deal.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../contract/common.ts';
import {
  emailDraftPreview,
  emailPreviewRecords,
  emailTemplate,
  emailTemplateCreate,
  emailTemplateList,
  emailTemplateListQuery,
  emailTemplatePatch,
  renderedEmail,
} from '../../../contract/emailTemplates.ts';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { emailTemplateService } from './emailTemplates.service.ts';

const tags = ['Email templates'];
const problems = problemsOf(400, 401, 403, 404);
const rules =
  'Workspace templates (`scope: "workspace"`) are kept by managers and admins; a personal one only by its ' +
  'owner. A name between braces that is no placeholder is 422 `unknown_placeholder` naming it; the body is ' +
  'sanitised before it is stored.';
const filled =
  "Filled from the records: `contactId` (default: the deal's contact), `companyId` (default: the deal's " +
  "company, else the contact's primary one), `dealId`; one that is not there is 422 `missing_reference`. " +
  'Values are HTML-escaped in `html`; `missing` lists the placeholders that had nothing to fill in.';

export async function emailTemplateRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = emailTemplateService(ctx);

  api.get(
    '/email-templates',
    {
      config: { policy: ['read', 'emailTemplate'] },
      schema: {
        tags,
        summary: "The workspace's email templates and the caller's own, by name",
        querystring: emailTemplateListQuery,
        response: { 200: emailTemplateList, ...problems },
      },
    },
    async (request) => service.list(actorOf(request), request.query.language),
  );

  api.post(
    '/email-templates',
    {
      config: { policy: ['create', 'emailTemplate'] },
      schema: {
        tags,
        summary: 'Save an email template',
        description: rules,
        body: emailTemplateCreate,
        response: { 201: emailTemplate, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await service.create(actorOf(request), request.body);
      reply.code(201).header('location', `/api/v1/email-templates/${created.id}`);
      return withEtag(reply, created);
    },
  );

  api.get(
    '/email-templates/:id',
    {
      config: { policy: ['read', 'emailTemplate'] },
      schema: {
        tags,
        summary: "Read an email template (the workspace's or the caller's own; another's is 404)",
        params: idParams,
        response: { 200: emailTemplate, ...problems },
      },
    },
    async (request, reply) => withEtag(reply, await service.get(actorOf(request), request.params.id)),
  );

  api.patch(
    '/email-templates/:id',
    {
      config: { policy: ['update', 'emailTemplate'] },
      schema: {
        tags,
        summary: 'Change an email template',
        description: `${rules} Changing \`scope\` is for managers and admins. Send If-Match with the ETag to refuse the change (412) if someone else changed it first.`,
        params: idParams,
        body: emailTemplatePatch,
        response: { 200: emailTemplate, ...problems, 412: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.update(actorOf(request), request.params.id, request.body, expectedVersion(request)),
      ),
  );

  api.delete(
    '/email-templates/:id',
    {
      config: { policy: ['delete', 'emailTemplate'] },
      schema: {
        tags,
        summary: 'Delete an email template',
        description: 'A workspace template: managers and admins; a personal one: its owner.',
        params: idParams,
        response: { 204: z.null(), ...problems, 412: problemSchema },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/email-templates/:id/preview',
    {
      config: { policy: ['read', 'emailTemplate'] },
      schema: {
        tags,
        summary: 'A saved template filled in: subject, HTML and text',
        description: filled,
        params: idParams,
        body: emailPreviewRecords,
        response: { 200: renderedEmail, ...problems, 422: problemSchema },
      },
    },
    async (request) => service.preview(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/email-templates/preview',
    {
      config: { policy: ['read', 'emailTemplate'] },
      schema: {
        tags,
        summary: "An unsaved template filled in (the editor's live preview)",
        description: `${filled} Names between braces that are no placeholder are listed in \`unknown\` and left as they are.`,
        body: emailDraftPreview,
        response: { 200: renderedEmail, ...problems, 422: problemSchema },
      },
    },
    async (request) => service.previewDraft(actorOf(request), request.body),
  );
}
