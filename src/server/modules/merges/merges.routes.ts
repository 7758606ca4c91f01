// HTTP routes of merges: merge duplicate contacts or companies, list the merges into a
// record, and undo a merge.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { withEtag } from '../../platform/http/versioning.ts';
import { routePolicy } from '../../platform/policy.ts';
import { idParams } from '../../../contract/common.ts';
import {
  companyMerge,
  contactMerge,
  merge,
  mergedCompany,
  mergedContact,
  mergesIntoRecord,
} from '../../../contract/merges.ts';
import type { Company } from '../../../contract/companies.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { mergeService } from './merges.service.ts';

const problems = problemsOf(400, 401, 403, 404, 409, 422);
const description =
  "The survivor keeps its id; per field the named record's value wins (the survivor's where none is named), and `keepAll` keeps every email, phone, address or tag of all records, without repeats (emails compared ignoring case, phones in E.164). Activities, tasks, deals, affiliations (never doubled), recent views, child companies, duplicate pairs and import origins of the merged records move to the survivor in one transaction; the merged records go to the trash with `mergedIntoId`, and reading one answers 404 `merged` naming the survivor. Needs the right to edit both records. Undo with POST /merges/{mergeId}/undo.";

export async function mergeRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = mergeService(ctx);

  api.post(
    '/contacts/merge',
    {
      config: { policy: ['update', 'contact'] },
      schema: {
        tags: ['Contacts'],
        summary: 'Merge duplicate contacts into one',
        description,
        body: contactMerge,
        response: { 200: mergedContact, ...problems },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        (await service.merge(actorOf(request), 'contacts', request.body)) as Contact & { mergeId: string },
      ),
  );

  api.post(
    '/companies/merge',
    {
      config: { policy: ['update', 'company'] },
      schema: {
        tags: ['Companies'],
        summary: 'Merge duplicate companies into one',
        description,
        body: companyMerge,
        response: { 200: mergedCompany, ...problems },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        (await service.merge(actorOf(request), 'companies', request.body)) as Company & { mergeId: string },
      ),
  );

  for (const [type, tag, resource] of [
    ['contacts', 'Contacts', 'contact'],
    ['companies', 'Companies', 'company'],
  ] as const)
    api.get(
      `/${type}/:id/merges`,
      {
        config: { policy: routePolicy('read', resource) },
        schema: {
          tags: [tag],
          summary: `Merges into a ${resource} that can be undone`,
          description: `The merges into the ${resource} that are not undone, newest first (the latest 20), each with the merged records' names and state: \`merged\` (in the trash, pointing here), \`restored\` (restored since) or \`gone\`. A merge is \`undoable\` while every merged record is still \`merged\`; POST /merges/{id}/undo undoes it.`,
          params: idParams,
          response: { 200: mergesIntoRecord, ...problems },
        },
      },
      async (request) => ({ data: await service.into(actorOf(request), type, request.params.id) }),
    );

  // The route's policy is the contacts' edit right; the service asks for the merge's own type.
  api.post(
    '/merges/:id/undo',
    {
      config: { policy: ['update', 'contact'] },
      schema: {
        tags: ['Contacts', 'Companies'],
        summary: 'Undo a merge',
        description:
          "Restores the merged records from the trash, moves back exactly what the merge moved, and gives the survivor its fields' values from before the merge. 409 `merge_undone` when undone already, `merge_not_undoable` when a record of the merge was trashed or restored since, `merge_survivor_changed` when a field the merge gave the survivor was edited since (the undo would overwrite the edit).",
        params: idParams,
        response: { 200: merge, ...problems },
      },
    },
    async (request) => service.undo(actorOf(request), request.params.id),
  );
}
