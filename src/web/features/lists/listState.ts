// The state of a list in the URL (sort, q, filters as the API spells them, so a filtered
// list can be bookmarked), the API query built from it, and the remembered column choice.
import type { FieldKind, FieldMeta, Filter, FilterOp, ListResource, ResourceConfig } from './listTypes.ts';

export const pageSize = 100;

/** URL parameters that are not filters. */
const reserved = new Set(['sort', 'q', 'view', 'cursor', 'limit', 'trashed']);
const allOps: FilterOp[] = ['eq', 'ne', 'in', 'empty', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'has'];
const rangeKinds: FieldKind[] = ['integer', 'decimal', 'date', 'timestamp'];

/** The operators the server offers for a kind (the same rule as the server's listing). */
export function operatorsOf(kind: FieldKind): FilterOp[] {
  if (kind === 'array') return ['has', 'empty'];
  const ops: FilterOp[] = ['eq', 'ne', 'in', 'empty'];
  if (rangeKinds.includes(kind)) ops.push('gt', 'gte', 'lt', 'lte');
  if (kind === 'text') ops.push('contains', 'startsWith');
  return ops;
}

/** The field descriptions a resource config carries, in the server's shape. */
export function fallbackFields(config: ResourceConfig): FieldMeta[] {
  return config.fields.map((field) => ({
    name: field.name,
    kind: field.kind,
    operators: field.operators ? [...field.operators] : operatorsOf(field.kind),
    values: field.values ? [...field.values] : undefined,
    sortable: field.sortable ?? field.kind !== 'array',
    nullable: field.nullable ?? false,
  }));
}

export function filterParam(filter: Filter): string {
  return filter.op === 'eq' ? filter.field : `${filter.field}.${filter.op}`;
}

export interface ListUrlState {
  sort: string | null;
  q: string;
  filters: Filter[];
  view: string | null;
}

/** Reads sort, q and the filters on known fields from the URL; anything else is ignored. */
export function readUrlState(params: URLSearchParams, fields: FieldMeta[]): ListUrlState {
  const names = new Set(fields.map((field) => field.name));
  const filters: Filter[] = [];
  for (const [key, value] of params) {
    if (reserved.has(key)) continue;
    const dot = key.lastIndexOf('.');
    const op = (dot > 0 ? key.slice(dot + 1) : 'eq') as FilterOp;
    const field = dot > 0 && allOps.includes(op) ? key.slice(0, dot) : key;
    if (!names.has(field)) continue;
    filters.push({ field, op: dot > 0 && allOps.includes(op) ? op : 'eq', value });
  }
  return { sort: params.get('sort'), q: params.get('q') ?? '', filters, view: params.get('view') };
}

/** The URL for a state; parameters of other kinds (none today) are dropped. */
export function writeUrlState(state: ListUrlState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.view) params.set('view', state.view);
  if (state.sort) params.set('sort', state.sort);
  if (state.q) params.set('q', state.q);
  for (const filter of state.filters) params.append(filterParam(filter), filter.value);
  return params;
}

/** The query of GET /<resource> for a state (without cursor). */
export function apiQuery(state: Pick<ListUrlState, 'sort' | 'q' | 'filters'>): Record<string, string> {
  const query: Record<string, string> = { limit: String(pageSize) };
  if (state.sort) query.sort = state.sort;
  if (state.q.trim()) query.q = state.q.trim();
  for (const filter of state.filters) query[filterParam(filter)] = filter.value;
  return query;
}

/** The query of GET /<resource>/count for a list's query: the same filters and search, no paging. */
export function countQuery(query: Record<string, string>): Record<string, string> {
  const { limit: _limit, sort: _sort, ...rest } = query;
  return rest;
}

/** The sort direction of a column: the first sort key decides. */
export function sortDirection(sort: string | null, sortBy: string[] | undefined): 'ascending' | 'descending' | 'none' {
  if (!sort || !sortBy?.length) return 'none';
  const first = sort.split(',')[0];
  if (first === sortBy[0]) return 'ascending';
  if (first === `-${sortBy[0]}`) return 'descending';
  return 'none';
}

/** A click on a sorted column turns it around; on another column sorts ascending. */
export function nextSort(sort: string | null, sortBy: string[]): string {
  const descending = sortDirection(sort, sortBy) === 'ascending';
  return sortBy.map((key) => (descending ? `-${key}` : key)).join(',');
}

const columnsKey = (resource: ListResource) => `farley.list.${resource}.columns`;

export function loadColumns(resource: ListResource, known: string[], fallback: string[]): string[] {
  try {
    const stored = JSON.parse(localStorage.getItem(columnsKey(resource)) ?? 'null') as unknown;
    if (Array.isArray(stored)) {
      const columns = stored.filter((key): key is string => typeof key === 'string' && known.includes(key));
      if (columns.length > 0) return columns;
    }
  } catch {
    /* a damaged entry: start from the defaults */
  }
  return fallback;
}

export function saveColumns(resource: ListResource, columns: string[]) {
  try {
    localStorage.setItem(columnsKey(resource), JSON.stringify(columns));
  } catch {
    /* private mode or full: the choice lasts for this page only */
  }
}

/** Toggles a column, keeping the order of all columns as the resource defines it. */
export function toggleColumn(columns: string[], key: string, order: string[]): string[] {
  const next = columns.includes(key) ? columns.filter((c) => c !== key) : [...columns, key];
  return order.filter((c) => next.includes(c));
}

export function sameFilters(a: Filter[], b: Filter[]): boolean {
  const text = (list: Filter[]) =>
    list
      .map((f) => `${f.field}|${f.op}|${f.value}`)
      .sort()
      .join('\n');
  return text(a) === text(b);
}
