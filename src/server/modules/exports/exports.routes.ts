// HTTP routes of exports: GET /<list>/export with the list's own parameters plus the format.
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { listQuerySchema, type Fields } from '../../platform/http/listing.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { routePolicy, type RecordResource } from '../../platform/policy.ts';
import { id } from '../../../contract/common.ts';
import { dealOwnedBy } from '../../../contract/deals.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { contactFields, defaultContactSort } from '../contacts/contacts.repository.ts';
import { listSearchIn } from '../search/search.service.ts';
import { contactService } from '../contacts/contacts.service.ts';
import { companyFields } from '../companies/companies.repository.ts';
import { companyService } from '../companies/companies.service.ts';
import { dealFields } from '../deals/deals.repository.ts';
import { dealService } from '../deals/deals.service.ts';
import { activityFields } from '../activities/activities.repository.ts';
import { activityService } from '../activities/activities.service.ts';
import { activityColumns, companyColumns, contactColumns, dealColumns, taskColumns } from './exports.columns.ts';
import { taskFields } from '../tasks/tasks.repository.ts';
import { taskService } from '../tasks/tasks.service.ts';
import { productFields } from '../products/products.repository.ts';
import { productService } from '../products/products.service.ts';
import { productColumns } from './exports.products.ts';
import { exportFormats } from './exports.writers.ts';
import { exportService, type ExportSource } from './exports.service.ts';
import { contactVCard } from './vcard.ts';
import { contactsCopy } from './exports.copy.ts';
import { refusalAsPage } from './exports.page.ts';

/** The parameters an export adds to its list's. */
const exportShape = (formats: readonly string[]) => ({
  format: z
    .enum(formats as [string, ...string[]])
    .default('csv')
    .describe(`File format: ${formats.join(', ')} (default csv)`),
  delimiter: z
    .enum(['comma', 'semicolon'])
    .optional()
    .describe('CSV: semicolon (Excel in German, the default for German) or comma (the default for English)'),
  lang: z
    .enum(['de', 'en'])
    .optional()
    .describe("Headers, sheet and file name: German or English (default: the user's language)"),
  columns: z
    .string()
    .max(2000)
    .optional()
    .describe("CSV and Excel: the list's column names, comma-separated, in order (default: every column)"),
  view: id
    .optional()
    .describe("A saved view: its filters, sort, search and columns (the request's own parameters win)"),
});

interface Route<R> {
  resource: RecordResource;
  tag: string;
  fields: Fields;
  extra?: z.ZodRawShape;
  source: ExportSource<R>;
}

const problems = problemsOf(400, 401, 403, 404);

export async function exportRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const exports = exportService(ctx, app.log);

  const route = <R>({ resource, tag, fields, extra = {}, source }: Route<R>) => {
    const formats = exportFormats.filter((f) => f !== 'vcf' || source.vcard);
    const querystring = listQuerySchema(fields, { ...extra, ...exportShape(formats) }).omit({
      limit: true,
      cursor: true,
    });
    const withNames = { ...source, listNames: Object.keys(fields) };
    api.get(
      `/${source.path}/export`,
      {
        // Whoever may read the list may take it along: a viewer can page through it anyway.
        config: { policy: routePolicy('read', resource) },
        // The web app's export links are plain links: a refusal is a page, not a JSON document.
        onSend: refusalAsPage,
        schema: {
          tags: [tag],
          summary: `Export ${source.path}`,
          description:
            `Every record of the list (GET /${source.path}) with its filters, sort, search (q), trash and saved view, ` +
            `streamed as ${formats.join(', ')}. CSV and Excel have the list's columns as headers in the user's language. ` +
            'A browser that opens the URL (Accept: text/html) gets a refusal (such as 503 `exports_busy`) as a short page in its language with a link back, instead of the problem document.',
          querystring,
          response: { 200: z.any().describe('The file'), ...problems },
        },
      },
      async (request, reply) => {
        const { format, delimiter, lang, columns, view, ...list } = request.query as Record<string, unknown> & {
          format: 'csv' | 'xlsx' | 'vcf' | 'json';
          delimiter?: 'comma' | 'semicolon';
          lang?: 'de' | 'en';
          columns?: string;
          view?: string;
        };
        const file = await exports.export(actorOf(request), withNames, {
          format,
          delimiter,
          lang,
          columns,
          view,
          list,
        });
        reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('cache-control', 'no-store');
        if (file.searchLimited) reply.header('x-search-limited', 'true');
        return reply.send(file.body);
      },
    );
  };

  route<Contact>({
    resource: 'contact',
    tag: 'Contacts',
    fields: contactFields,
    source: {
      path: 'contacts',
      viewResource: 'contacts',
      fileName: { de: 'Kontakte', en: 'contacts' },
      columns: contactColumns,
      list: contactService(ctx).list,
      vcard: (contact) => contactVCard(contact),
      copy: contactsCopy(contactFields, defaultContactSort, (tx, workspaceId, query, capped) =>
        listSearchIn(tx, workspaceId, 'contact', query, capped),
      ),
    },
  });
  route({
    resource: 'company',
    tag: 'Companies',
    fields: companyFields,
    source: {
      path: 'companies',
      viewResource: 'companies',
      fileName: { de: 'Firmen', en: 'companies' },
      columns: companyColumns,
      list: companyService(ctx).list,
    },
  });
  route({
    resource: 'deal',
    tag: 'Deals',
    fields: dealFields,
    extra: { ownedBy: dealOwnedBy.optional() },
    source: {
      path: 'deals',
      viewResource: 'deals',
      fileName: { de: 'Verkaufschancen', en: 'deals' },
      columns: dealColumns,
      list: dealService(ctx).list,
    },
  });
  route({
    resource: 'activity',
    tag: 'Activities',
    fields: activityFields,
    extra: {
      contactId: id.optional().describe('Only activities linked to this contact'),
      companyId: id.optional().describe('Only activities linked to this company'),
      dealId: id.optional().describe('Only activities linked to this deal'),
    },
    source: {
      path: 'activities',
      fileName: { de: 'Aktivitäten', en: 'activities' },
      columns: activityColumns,
      list: activityService(ctx).list,
    },
  });
  route({
    resource: 'task',
    tag: 'Tasks',
    fields: taskFields,
    extra: {
      mine: z.enum(['true', 'false']).optional().describe('true: only tasks assigned to you'),
      owner: z.enum(['me', 'team']).optional().describe('me: tasks assigned to you; team: to you or your teams'),
      contactId: id.optional().describe('Only tasks linked to this contact'),
      companyId: id.optional().describe('Only tasks linked to this company'),
      dealId: id.optional().describe('Only tasks linked to this deal'),
    },
    source: {
      path: 'tasks',
      fileName: { de: 'Aufgaben', en: 'tasks' },
      columns: taskColumns,
      list: taskService(ctx).list,
    },
  });
  route({
    resource: 'product',
    tag: 'Products',
    fields: productFields,
    source: {
      path: 'products',
      fileName: { de: 'Produkte', en: 'products' },
      columns: productColumns,
      list: productService(ctx).list,
    },
  });
}
