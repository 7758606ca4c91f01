// HTTP routes of companies: the record routes and the bulk actions of the list.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { bulkRoutes } from '../../platform/http/bulkRoutes.ts';
import { company, companyCreate, companyPatch } from '../../../contract/companies.ts';
import { companyFields } from './companies.repository.ts';
import { companySearchText, companyService } from './companies.service.ts';

export async function companyRoutes(app: FastifyInstance, ctx: AppContext) {
  recordRoutes(app, {
    path: 'companies',
    noun: 'company',
    resource: 'company',
    tag: 'Companies',
    fields: companyFields,
    item: company,
    create: companyCreate,
    patch: companyPatch,
    service: companyService(ctx),
  });
  bulkRoutes(app, ctx, { path: 'companies', resource: 'company', tag: 'Companies', searchText: companySearchText });
}
