// HTTP routes of the privacy tools: erasing a contact (admins), legal holds (managers set and
// lift them, everyone sees them), and for admins the blocking list, retention rules with
// preview and runs, and the record of processing activities (Art. 30).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import {
  blockedList,
  blockedQuery,
  erasureReport,
  erasureRequest,
  legalHold,
  legalHoldInput,
  legalHoldList,
  legalHoldParams,
  legalHoldQuery,
  processingRecord,
  processingRecordInput,
  retentionPreview,
  retentionRule,
  retentionRuleInput,
  retentionRuleList,
  retentionRun,
  retentionRunList,
} from '../../../contract/privacy.ts';
import { erasureService } from './erasure.service.ts';
import { privacyService } from './privacy.service.ts';
import { retentionService } from './retention.service.ts';
import { processingRecordHtml } from './processingRecord.ts';

const tags = ['Privacy'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

export async function privacyRoutes(app: FastifyInstance, ctx: AppContext) {
  const erasure = erasureService(ctx);
  const privacy = privacyService(ctx);
  const retention = retentionService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/contacts/:id/erasure',
    {
      config: { policy: ['create', 'erasure'] },
      schema: {
        tags,
        summary: 'Erase a contact (GDPR Art. 17): delete or anonymise the person everywhere',
        description:
          'Also in the trash. Their email addresses and phone numbers go on the blocking list; the audit log keeps its entries about them with the values replaced, and one entry of the erasure. 409 `legal_hold` while a legal hold is on the contact.',
        params: idParams,
        body: erasureRequest,
        response: { 200: erasureReport, ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => erasure.erase(actorOf(request), request.params.id, request.body.mode),
  );

  api.get(
    '/blocked-values',
    {
      config: { policy: ['read', 'privacy'] },
      schema: {
        tags,
        summary: 'The blocking list of erased email addresses and phone numbers (hashed; newest first, 500)',
        querystring: blockedQuery,
        response: { 200: blockedList, ...problems },
      },
    },
    async (request) => privacy.blocked(actorOf(request), request.query),
  );

  api.delete(
    '/blocked-values/:id',
    {
      config: { policy: ['delete', 'privacy'] },
      schema: {
        tags,
        summary: 'Take an entry off the blocking list (the value may be stored again)',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await privacy.unblock(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/legal-holds',
    {
      config: { policy: ['read', 'legalHold'] },
      schema: {
        tags,
        summary: 'Legal holds (newest first, 500), or those of one record',
        querystring: legalHoldQuery,
        response: { 200: legalHoldList, ...problems },
      },
    },
    async (request) => privacy.holds(actorOf(request), request.query),
  );

  api.put(
    '/legal-holds/:type/:recordId',
    {
      config: { policy: ['create', 'legalHold'] },
      schema: {
        tags,
        summary: 'Put a record under a legal hold (or change its reason): erasure and retention leave it alone',
        params: legalHoldParams,
        body: legalHoldInput,
        response: { 200: legalHold, ...problems, 404: problemSchema },
      },
    },
    async (request) =>
      privacy.hold(actorOf(request), request.params.type, request.params.recordId, request.body.reason),
  );

  api.delete(
    '/legal-holds/:type/:recordId',
    {
      config: { policy: ['delete', 'legalHold'] },
      schema: {
        tags,
        summary: 'Lift the legal hold of a record',
        params: legalHoldParams,
        response: { 204: z.null(), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await privacy.release(actorOf(request), request.params.type, request.params.recordId);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/retention-rules',
    {
      config: { policy: ['read', 'privacy'] },
      schema: { tags, summary: 'The retention rules', response: { 200: retentionRuleList, ...problems } },
    },
    async (request) => retention.list(actorOf(request)),
  );

  api.post(
    '/retention-rules',
    {
      config: { policy: ['create', 'privacy'] },
      schema: {
        tags,
        summary: 'Add a retention rule',
        body: retentionRuleInput,
        response: { 201: retentionRule, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return retention.create(actorOf(request), request.body);
    },
  );

  api.put(
    '/retention-rules/:id',
    {
      config: { policy: ['update', 'privacy'] },
      schema: {
        tags,
        summary: 'Change a retention rule',
        params: idParams,
        body: retentionRuleInput,
        response: { 200: retentionRule, ...problems, 404: problemSchema },
      },
    },
    async (request) => retention.update(actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/retention-rules/:id',
    {
      config: { policy: ['delete', 'privacy'] },
      schema: {
        tags,
        summary: 'Remove a retention rule',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await retention.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/retention-rules/:id/preview',
    {
      config: { policy: ['read', 'privacy'] },
      schema: {
        tags,
        summary: 'What a stored rule would erase now: how many, how many a hold exempts, and a sample',
        params: idParams,
        response: { 200: retentionPreview, ...problems, 404: problemSchema },
      },
    },
    async (request) => retention.preview(actorOf(request), { id: request.params.id }),
  );

  api.post(
    '/retention-rules/preview',
    {
      config: { policy: ['read', 'privacy'] },
      schema: {
        tags,
        summary: 'What a rule not yet stored would erase now',
        body: retentionRuleInput,
        response: { 200: retentionPreview, ...problems },
      },
    },
    async (request) => retention.preview(actorOf(request), request.body),
  );

  api.get(
    '/retention-runs',
    {
      config: { policy: ['read', 'privacy'] },
      schema: {
        tags,
        summary: 'The last 20 runs of the retention rules',
        response: { 200: retentionRunList, ...problems },
      },
    },
    async (request) => retention.runs(actorOf(request)),
  );

  api.post(
    '/retention-runs',
    {
      config: { policy: ['update', 'privacy'] },
      schema: {
        tags,
        summary: 'Run the active retention rules now (as the nightly job does)',
        description:
          'Answers 201 with the report when the run ends within 20 seconds; else 202 with the run under way (`finishedAt` null), which goes on and shows its progress in GET /retention-runs. 409 while another run asked for by hand is under way.',
        response: { 201: retentionRun, 202: retentionRun, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { finished, run } = await retention.run(actorOf(request));
      reply.code(finished ? 201 : 202);
      return run;
    },
  );

  api.get(
    '/processing-record',
    {
      config: { policy: ['read', 'privacy'] },
      schema: {
        tags,
        summary: 'The record of processing activities (Art. 30): the edited one and the generated one',
        response: { 200: processingRecord, ...problems },
      },
    },
    async (request) => privacy.processingRecord(actorOf(request)),
  );

  api.put(
    '/processing-record',
    {
      config: { policy: ['update', 'privacy'] },
      schema: {
        tags,
        summary: 'Keep an edited record of processing activities (empty: back to the generated one)',
        body: processingRecordInput,
        response: { 200: processingRecord, ...problems },
      },
    },
    async (request) => {
      await privacy.saveProcessingRecord(actorOf(request), request.body.document);
      return privacy.processingRecord(actorOf(request));
    },
  );

  api.get(
    '/processing-record/export',
    {
      config: { policy: ['read', 'privacy'] },
      schema: {
        tags,
        summary: 'The record of processing activities as an HTML page to print or file',
        response: { 200: z.string(), ...problems },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const record = await privacy.processingRecord(actor);
      const lang = await privacy.locale(actor);
      const name = lang === 'en' ? 'record-of-processing.html' : 'verarbeitungsverzeichnis.html';
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-disposition', attachmentDisposition(name))
        .send(processingRecordHtml(record.document, lang));
    },
  );
}
