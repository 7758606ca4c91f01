// The shapes the list screens share: field descriptions from GET /meta/lists/{resource},
// the state of a list (columns, sort, filters, search) and saved views.
import type { ReactNode } from 'react';
import type { SearchType } from '../../../contract/search.ts';

export type ListResource = 'contacts' | 'companies' | 'deals' | 'products';

export type FieldKind = 'text' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'boolean' | 'enum' | 'uuid' | 'array';
export type FilterOp = 'eq' | 'ne' | 'in' | 'empty' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'startsWith' | 'has';

export interface FieldMeta {
  name: string;
  kind: FieldKind;
  operators: FilterOp[];
  values?: string[];
  sortable: boolean;
  nullable: boolean;
}

export interface ListMeta {
  resource: ListResource;
  fields: FieldMeta[];
}

export interface Filter {
  field: string;
  op: FilterOp;
  value: string;
}

/** What a saved view keeps; the URL holds the same minus the columns. */
export interface ViewConfig {
  columns: string[];
  sort: string | null;
  filters: Filter[];
  q?: string;
}

export interface SavedView {
  id: string;
  resource: ListResource;
  name: string;
  shared: boolean;
  ownerId: string;
  config: ViewConfig;
  version: number;
}

/** Everything a cell renderer may need besides the record. */
export interface CellContext {
  locale: string;
  userName(id: string | null | undefined): string | null;
  stageName(id: string | null | undefined): string | null;
  t(key: string, options?: Record<string, unknown>): string;
}

/** A record as the list sees it: an id and any fields. */
export type ListRecord = { id: string } & Record<string, unknown>;

export interface ColumnDef {
  /** A field name of the meta description (saved views keep these names). */
  key: string;
  /** Translation key of the heading when it is not the field's own name. */
  label?: string;
  /** Server sort keys this column sorts by (first decides the arrow); none: not sortable. */
  sortBy?: string[];
  width: number;
  render?(record: ListRecord, context: CellContext): ReactNode;
}

export interface ResourceConfig {
  resource: ListResource;
  /** Translation key of the page heading. */
  title: string;
  /** The record page of a row. */
  href(record: ListRecord): string;
  /** The column that links to the record and leads on a phone. */
  primary: string;
  columns: ColumnDef[];
  defaultColumns: string[];
  /** The sort while the user has chosen none (else the server's default). */
  defaultSort?: string;
  /** The fields the server filters and sorts by, used until (or if) GET /meta/lists answers. */
  fields: Array<
    Pick<FieldMeta, 'name' | 'kind'> & {
      values?: readonly string[];
      nullable?: boolean;
      sortable?: boolean;
      operators?: readonly FilterOp[];
    }
  >;
  /** The fields this list is filtered by most, first in the filter builder. */
  commonFields: string[];
  /** Fields whose value is a record, picked in the filter builder by searching for it. */
  pickers?: Partial<Record<string, SearchType>>;
  /** Bulk actions this resource offers. */
  bulk: Array<'assignOwner' | 'addTag' | 'trash'>;
  /** The "new record" page. */
  newHref?: string;
  /** Whether the list offers saved views (the views' table knows contacts, companies and deals). */
  views?: boolean;
}
