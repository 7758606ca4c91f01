// Bulk actions of a record list (POST /<list>/bulk): assign an owner, add or remove a tag,
// move to the trash, for up to 1000 records in one transaction. Ids that are not live
// records of the caller's workspace are reported back, never touched and never an error.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { bulkAction, bulkResult, type BulkAction, type BulkResult } from '../../../contract/bulk.ts';
import { inTenant } from '../db/tenant.ts';
import { isActiveUser, lockLiveRows, updateAll, updateTags, type BulkTable } from '../db/bulk.ts';
import type { Db } from '../db/database.ts';
import { actorOf, type Actor } from './actor.ts';
import { invalid } from '../errors.ts';
import { authorize, routePolicy } from '../policy.ts';
import { problemSchema } from './problems.ts';
import type { Row } from '../presenting.ts';

export interface BulkRouteOptions<T extends BulkTable> {
  path: T;
  /** Whose policy applies: bulk changes need its update, bulk trash its delete. */
  resource: 'contact' | 'company' | 'deal';
  tag: string;
  /** The record's search_text from its row, as the single create and update compute it. */
  searchText: (row: Row<T>) => string;
}

const maxTags = 50;

/** The row's tags with `tag` added or removed (exact match, as tags are stored); null if unchanged. */
function changedTags(tags: string[], action: 'addTag' | 'removeTag', tag: string): string[] | null {
  if (action === 'addTag') return tags.includes(tag) ? null : [...tags, tag];
  return tags.includes(tag) ? tags.filter((t) => t !== tag) : null;
}

async function runBulk<T extends BulkTable>(
  tx: Db,
  actor: Actor,
  options: BulkRouteOptions<T>,
  input: BulkAction,
): Promise<BulkResult> {
  const table = options.path;
  const ws = actor.workspaceId;
  const locked = await lockLiveRows(tx, table, ws, input.ids);
  // A contact whose processing is restricted (GDPR Art. 18) is not changed or trashed in bulk either.
  const isRestricted = (row: object) => 'restricted_at' in row && row.restricted_at !== null;
  const live = locked.filter((row) => !isRestricted(row));
  const restricted = locked.filter(isRestricted).map((row) => row.id);
  const lockedIds = new Set(locked.map((row) => row.id));
  const notFound = input.ids.filter((id) => !lockedIds.has(id));
  const found = new Set(live.map((row) => row.id));
  let affected: number;
  switch (input.action) {
    case 'assignOwner': {
      if (input.ownerId !== null && !(await isActiveUser(tx, ws, input.ownerId))) {
        throw invalid([
          { path: 'ownerId', code: 'not_found', message: `no active user ${input.ownerId} in this workspace` },
        ]);
      }
      affected = (
        await updateAll(
          tx,
          table,
          ws,
          [...found],
          { owner_id: input.ownerId },
          sql<boolean>`owner_id is distinct from ${input.ownerId}::uuid`,
        )
      ).length;
      break;
    }
    case 'trash':
      affected = (await updateAll(tx, table, ws, [...found], { deleted_at: sql`now()` }, sql<boolean>`true`)).length;
      break;
    default: {
      const { action, tag } = input;
      const changes = live.flatMap((row) => {
        const tags = changedTags(row.tags, action, tag);
        return tags ? [{ id: row.id, tags, search_text: options.searchText({ ...row, tags }) }] : [];
      });
      const full = changes.filter((change) => change.tags.length > maxTags).map((change) => change.id);
      if (full.length)
        throw invalid(
          full.map((id) => ({ path: 'tag', code: 'too_many', message: `record ${id} has ${maxTags} tags already` })),
        );
      affected = await updateTags(tx, table, ws, changes);
    }
  }
  return { affected, notFound, ...(restricted.length && { restricted }) };
}

export function bulkRoutes<T extends BulkTable>(app: FastifyInstance, ctx: AppContext, options: BulkRouteOptions<T>) {
  app.withTypeProvider<ZodTypeProvider>().post(
    `/${options.path}/bulk`,
    {
      config: { policy: routePolicy('update', options.resource) },
      schema: {
        tags: [options.tag],
        summary: `Act on many ${options.path} at once`,
        description:
          'assignOwner, addTag and removeTag need agent or more, trash needs manager or more. One transaction; ' +
          'records that are already as asked (the owner, the tag present or absent) are left unchanged and not counted in affected. ' +
          'Ids that are not live records of the workspace are listed in notFound and left alone.',
        body: bulkAction,
        response: { 200: bulkResult, 400: problemSchema, 401: problemSchema, 403: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (request.body.action === 'trash') authorize(actor, 'delete', options.resource);
      return inTenant(ctx.db.app, actor, (tx) => runBulk(tx, actor, options, request.body));
    },
  );
}
