// Saved views: who may see and change which view, and checking a view's config against
// the fields of its list (the same field maps, operators and sort rules the lists use).
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ViewConfig, ViewCreate, ViewPatch, ViewResource } from '../../../contract/views.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { filterConditions, operatorsOf, parseSort } from '../../platform/http/listing.ts';
import { AppError, conflict, invalid, notFound, type FieldError } from '../../platform/errors.ts';
import { listFields } from '../meta/meta.service.ts';
import * as repo from './views.repository.ts';
import type { ViewRow } from './views.repository.ts';
import { presentView } from './views.presenter.ts';

/** The message of a list's own 400 problem, reused for a 422 on the view. */
function problemMessage(error: unknown): string {
  if (!(error instanceof AppError)) throw error;
  return error.errors?.[0]?.message ?? error.detail;
}

/** 422 naming every column, filter or sort of the config that its list does not have. */
/** The list parameters a saved view stands for; parameters of the request win over them. */
export function viewParameters(config: ViewConfig): Record<string, string> {
  const params: Record<string, string> = {};
  if (config.sort) params.sort = config.sort;
  if (config.q) params.q = config.q;
  for (const filter of config.filters)
    params[filter.op === 'eq' ? filter.field : `${filter.field}.${filter.op}`] = filter.value;
  return params;
}

export function checkConfig(resource: ViewResource, config: ViewConfig): void {
  const fields = listFields[resource];
  const fieldOf = (name: string) => (Object.hasOwn(fields, name) ? fields[name] : undefined);
  const errors: FieldError[] = [];
  config.columns.forEach((name, i) => {
    if (!fieldOf(name)) errors.push({ path: `config.columns.${i}`, message: `${resource} have no field ${name}` });
  });
  if (config.sort !== null) {
    try {
      parseSort(fields, config.sort);
    } catch (error) {
      errors.push({ path: 'config.sort', message: problemMessage(error) });
    }
  }
  config.filters.forEach((filter, i) => {
    const field = fieldOf(filter.field);
    if (!field) {
      errors.push({ path: `config.filters.${i}.field`, message: `${resource} have no field ${filter.field}` });
    } else if (!operatorsOf(field).includes(filter.op)) {
      errors.push({
        path: `config.filters.${i}.op`,
        message: `${filter.field} filters with ${operatorsOf(field).join(', ')}`,
      });
    } else {
      // Parsing the value exactly as the list would, so a saved filter never fails there.
      const param = filter.op === 'eq' ? filter.field : `${filter.field}.${filter.op}`;
      try {
        filterConditions({ [filter.field]: field }, { [param]: filter.value });
      } catch (error) {
        errors.push({ path: `config.filters.${i}.value`, message: problemMessage(error) });
      }
    }
  });
  if (errors.length) throw invalid(errors, "The view's config does not fit its list.");
}

/** A shared view needs `share`; someone else's (necessarily shared) view `manage` as well. */
function assertMayChange(actor: Actor, row: ViewRow, sharedAfter: boolean) {
  if (row.owner_id !== actor.userId) authorize(actor, 'manage', 'view', row);
  if (row.shared || sharedAfter) authorize(actor, 'share', 'view', row);
}

const stale = () =>
  new AppError('precondition_failed', 'The view was changed by someone else. Load it again and retry.');

/** A unique-name clash as a 409 with a clear message; everything else unchanged. */
async function namedUniquely<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw conflict('The owner has a view of this name for this list already.', 'duplicate');
    }
    throw error;
  }
}

export function viewService(ctx: AppContext) {
  const db = ctx.db.app;
  const visible = async (tx: Db, actor: Actor, id: string) => {
    const row = await repo.findVisibleView(tx, id, actor.userId);
    if (!row) throw notFound('view');
    return row;
  };
  return {
    list: (actor: Actor, resource: ViewResource | undefined) =>
      inTenant(db, actor, async (tx) => ({
        data: (await repo.listVisibleViews(tx, actor.userId, resource)).map(presentView),
      })),

    get: (actor: Actor, id: string) => inTenant(db, actor, async (tx) => presentView(await visible(tx, actor, id))),

    create: (actor: Actor, input: ViewCreate) => {
      if (input.shared) authorize(actor, 'share', 'view');
      checkConfig(input.resource, input.config);
      return inTenant(db, actor, (tx) =>
        namedUniquely(async () =>
          presentView(
            await repo.insertView(tx, {
              workspace_id: actor.workspaceId,
              id: newId(),
              resource: input.resource,
              name: input.name,
              shared: input.shared ?? false,
              owner_id: actor.userId,
              config: JSON.stringify(input.config),
            }),
          ),
        ),
      );
    },

    update: (actor: Actor, id: string, patch: ViewPatch, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const current = await visible(tx, actor, id);
        assertMayChange(actor, current, patch.shared ?? current.shared);
        if (patch.config) checkConfig(current.resource, patch.config);
        const values = {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
          ...(patch.config !== undefined ? { config: JSON.stringify(patch.config) } : {}),
        };
        const row = await namedUniquely(() => repo.updateView(tx, id, values, version));
        if (!row) throw stale();
        return presentView(row);
      }),

    remove: (actor: Actor, id: string, version: number | undefined) =>
      inTenant(db, actor, async (tx) => {
        const current = await visible(tx, actor, id);
        assertMayChange(actor, current, current.shared);
        if ((await repo.deleteView(tx, id, version)) === 0) throw stale();
      }),
  };
}
