// HTTP routes of reports and dashboards. Every signed-in user (viewers too) may keep their
// own reports and dashboards; the service asks the policy for sharing and for changing
// someone else's, as the saved views do.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../contract/common.ts';
import {
  dashboard,
  dashboardCreate,
  dashboardData,
  dashboardList,
  dashboardParams,
  dashboardPatch,
  dateRange,
  exportFormatQuery,
  report,
  reportCreate,
  reportFields,
  reportList,
  reportPatch,
  reportResult,
  reportRunBody,
  tileNames,
} from '../../../contract/reports.ts';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { reportCsv, reportXlsx } from './reports.export.ts';
import { reportFieldCatalogue, reportService } from './reports.service.ts';
import { builtinTileRuns } from './reports.tiles.ts';

const problems = problemsOf(400, 401, 403, 404);
const writeProblems = { ...problems, 409: problemSchema, 412: problemSchema, 422: problemSchema };

export async function reportRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = reportService(ctx);
  const tags = ['Reports'];

  api.get(
    '/reports/fields',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: 'The fields a report can filter, group and measure, per record type',
        response: { 200: reportFields, ...problems },
      },
    },
    async () => reportFieldCatalogue(),
  );

  api.post(
    '/reports/run',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: 'Run a report definition without saving it',
        description:
          'Filters take the list filters (the same operators and values); groupings and measures name fields ' +
          'of GET /reports/fields. A definition that does not fit its record type is 422 naming each wrong part. ' +
          'A report that runs too long is cancelled (503 database_timeout).',
        body: reportRunBody,
        response: { 200: reportResult, ...problems, 422: problemSchema, 503: problemSchema },
      },
    },
    async (request) => service.run(actorOf(request), request.body.definition, request.body.range),
  );

  api.get(
    '/reports',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: 'List saved reports',
        description: "The caller's own reports and every shared report of the workspace, by name.",
        response: { 200: reportList, ...problems },
      },
    },
    async (request) => service.listReports(actorOf(request)),
  );

  api.post(
    '/reports',
    {
      config: { policy: ['create', 'report'] },
      schema: {
        tags,
        summary: 'Save a report',
        description: 'Own reports: anyone signed in. Shared reports (`shared: true`): agent or more.',
        body: reportCreate,
        response: { 201: report, ...writeProblems },
      },
    },
    async (request, reply) => {
      const created = await service.createReport(actorOf(request), request.body);
      reply.code(201).header('location', `/api/v1/reports/${created.id}`);
      return withEtag(reply, created);
    },
  );

  api.get(
    '/reports/:id',
    {
      config: { policy: ['read', 'report'] },
      schema: { tags, summary: 'Read a saved report', params: idParams, response: { 200: report, ...problems } },
    },
    async (request, reply) => withEtag(reply, await service.getReport(actorOf(request), request.params.id)),
  );

  api.patch(
    '/reports/:id',
    {
      config: { policy: ['update', 'report'] },
      schema: {
        tags,
        summary: 'Change a saved report',
        description:
          "Own reports: anyone. Shared reports: agent or more; someone else's shared report: manager or more. " +
          'Send If-Match with the ETag to refuse the change (412) if someone else changed it first.',
        params: idParams,
        body: reportPatch,
        response: { 200: report, ...writeProblems },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.updateReport(actorOf(request), request.params.id, request.body, expectedVersion(request)),
      ),
  );

  api.delete(
    '/reports/:id',
    {
      config: { policy: ['delete', 'report'] },
      schema: {
        tags,
        summary: 'Delete a saved report for good',
        description: 'The same roles as changing it. Dashboard tiles of a deleted report say so.',
        params: idParams,
        response: { 204: z.null(), ...problems, 412: problemSchema },
      },
    },
    async (request, reply) => {
      await service.removeReport(actorOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/reports/:id/result',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: "A saved report's result, its date field limited to the range",
        params: idParams,
        querystring: dateRange,
        response: { 200: reportResult, ...problems, 503: problemSchema },
      },
    },
    async (request) => (await service.result(actorOf(request), request.params.id, request.query)).result,
  );

  api.get(
    '/reports/:id/export',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: "A saved report's table as a CSV or Excel file",
        description: 'German CSV: semicolons and decimal commas (as German Excel reads them); English: commas.',
        params: idParams,
        querystring: exportFormatQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: z.any(), ...problems, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const { format, language, from, to } = request.query;
      const { report: saved, result } = await service.result(actorOf(request), request.params.id, { from, to });
      const fileName = `${saved.name.replace(/[\\/:*?"<>|[\]]/g, ' ').trim() || 'report'}.${format}`;
      reply
        .header(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', attachmentDisposition(fileName))
        .header('cache-control', 'no-store');
      if (format === 'csv') return reply.send(await reportCsv(result, language));
      return reply.send(
        reportXlsx(result, language, fileName.replace(/\.xlsx$/, ''), (error) => request.log.error({ err: error })),
      );
    },
  );

  api.get(
    '/dashboards/tiles',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: 'The names of the built-in tiles a dashboard can show',
        response: { 200: tileNames, ...problems },
      },
    },
    async () => ({ data: Object.keys(builtinTileRuns) }),
  );

  api.get(
    '/dashboards',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: 'List dashboards',
        description: "The default dashboards (salesRep, manager), the caller's own and the workspace's shared ones.",
        response: { 200: dashboardList, ...problems },
      },
    },
    async (request) => service.listDashboards(actorOf(request)),
  );

  api.post(
    '/dashboards',
    {
      config: { policy: ['create', 'report'] },
      schema: {
        tags,
        summary: 'Save a dashboard',
        description: 'Own dashboards: anyone signed in. Shared ones: agent or more.',
        body: dashboardCreate,
        response: { 201: dashboard, ...writeProblems },
      },
    },
    async (request, reply) => {
      const created = await service.createDashboard(actorOf(request), request.body);
      reply.code(201).header('location', `/api/v1/dashboards/${created.id}`);
      return withEtag(reply, created);
    },
  );

  api.get(
    '/dashboards/:id',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: 'Read a dashboard',
        params: dashboardParams,
        response: { 200: dashboard, ...problems },
      },
    },
    async (request) => service.getDashboard(actorOf(request), request.params.id),
  );

  api.patch(
    '/dashboards/:id',
    {
      config: { policy: ['update', 'report'] },
      schema: {
        tags,
        summary: 'Change a dashboard',
        description: 'The rules of reports. The default dashboards cannot be changed (409).',
        params: dashboardParams,
        body: dashboardPatch,
        response: { 200: dashboard, ...writeProblems },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.updateDashboard(actorOf(request), request.params.id, request.body, expectedVersion(request)),
      ),
  );

  api.delete(
    '/dashboards/:id',
    {
      config: { policy: ['delete', 'report'] },
      schema: {
        tags,
        summary: 'Delete a dashboard for good',
        params: dashboardParams,
        response: { 204: z.null(), ...problems, 409: problemSchema, 412: problemSchema },
      },
    },
    async (request, reply) => {
      await service.removeDashboard(actorOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/dashboards/:id/data',
    {
      config: { policy: ['read', 'report'] },
      schema: {
        tags,
        summary: 'Every tile of a dashboard, computed for the caller and the date range',
        description:
          "The range applies to each report tile's date field (reports without one show all), and to the " +
          'revenue and data-quality trends. A tile whose report is gone says so (`problem`).',
        params: dashboardParams,
        querystring: dateRange,
        response: { 200: dashboardData, ...problems, 503: problemSchema },
      },
    },
    async (request) => service.dashboardData(actorOf(request), request.params.id, request.query),
  );
}
