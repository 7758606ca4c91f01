// What the import screens ask of the server (/api/v1/imports, /import-mappings): the shapes
// of an upload, a preview and an import run, and the queries and the upload that fetch them.
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, writeHeaders, type Problem } from '../../app/api.ts';

export const recordTypes = ['contacts', 'companies', 'deals', 'activities', 'notes', 'products', 'orders'] as const;
export type RecordType = (typeof recordTypes)[number];
export const formats = ['csv', 'xlsx', 'vcf', 'json'] as const;
export type ImportFormat = (typeof formats)[number];
export const encodings = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;
export type Encoding = (typeof encodings)[number];

/** `{ "<field key>": "<column>" | ["<column>", …], "constants"?: {…} }`, as the CLI's mapping file. */
export type Mapping = { [field: string]: string | string[] | Record<string, unknown> | undefined } & {
  constants?: Record<string, unknown>;
};

export interface ReadOptions {
  format?: ImportFormat;
  encoding?: Encoding;
  delimiter?: string;
  sheet?: string;
}

export interface Upload {
  id: string;
  format: ImportFormat;
  columns: string[];
  encoding?: string | null;
  delimiter?: string | null;
  sheets?: string[] | null;
  sheet?: string | null;
  rowsEstimate?: number | null;
  guessedMapping: Mapping;
  /** A few values of each column, where the server sends them. */
  samples?: Record<string, string[]>;
}

export interface ImportField {
  key: string;
  label: { de: string; en: string };
  kind: string;
  group?: string;
}

export type Match = 'none' | 'customerNumber' | 'email' | 'duplicates' | 'sku';
export type Update = 'fillEmpty' | 'overwrite';
export type OnInvalid = 'reject' | 'skipValue';

export interface Settings extends ReadOptions {
  recordType: RecordType;
  mapping: Mapping;
  match: Match;
  update: Update;
  onInvalid: OnInvalid;
  /** Orders: an unknown customer number makes a new contact. */
  createCustomers?: boolean;
}

export interface RowProblem {
  line?: number;
  field: string | null;
  message: string;
  code?: string;
  /** What the problem's text needs (see problemText.ts): reason, value, column… */
  params?: Record<string, string | number>;
}

export interface PreviewRow {
  line: number;
  values: Record<string, unknown>;
  action: 'create' | 'update' | 'skip';
  problems: RowProblem[];
}

export interface Preview {
  rows: PreviewRow[];
  summary?: { created?: number; updated?: number; skipped?: number; failed?: number; rows?: number };
}

export type ImportStatus = 'uploaded' | 'running' | 'done' | 'failed' | 'cancelled' | 'undone';

export interface ImportRun {
  id: string;
  fileName: string;
  recordType: RecordType | null;
  status: ImportStatus;
  rowsTotal?: number | null;
  rowsDone: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  rate?: number | null;
  secondsLeft?: number | null;
  errors?: RowProblem[];
  errorsTotal?: number;
  createdAt: string;
  finishedAt?: string | null;
  undoableUntil?: string | null;
  hasRejected?: boolean;
  dryRun?: boolean;
  failure?: string | null;
  createdBy?: string | null;
  userId?: string | null;
  userName?: string | null;
}

export interface SavedMapping {
  id: string;
  name: string;
  recordType: RecordType;
  mapping: Mapping;
}

/** A list answer, whether the server sends the array itself or a page of it. */
function items<T>(body: T[] | { data: T[] }): T[] {
  return Array.isArray(body) ? body : body.data;
}

/** Where the imported records of a type are listed (notes are activities of type note). */
export const listPath = (type: RecordType | null) =>
  type === 'notes' || type === 'activities' ? '/activities' : `/${type ?? 'contacts'}`;

export const isRunning = (run: Pick<ImportRun, 'status'>) => run.status === 'running';
/** Started but not yet picked up, or running: worth asking again soon. */
const isMoving = (run: Pick<ImportRun, 'status'>) => run.status === 'running' || run.status === 'uploaded';
/** The server says until when (finished or cancelled runs that wrote something, for 30 days). */
export const canUndo = (run: ImportRun, now = Date.now()) =>
  run.status !== 'undone' &&
  run.created + run.updated > 0 &&
  !!run.undoableUntil &&
  new Date(run.undoableUntil).getTime() > now;
export const rejectedUrl = (id: string) => `/api/v1/imports/${id}/rejected`;

/**
 * Sends the file as the request body (not read into memory here: the browser streams it) and
 * reports the share sent, so a large file shows its upload progress. The record type only
 * decides which fields the server's guessed mapping uses.
 */
export function uploadFile(
  file: File,
  options: ReadOptions & { recordType: RecordType },
  onProgress: (share: number) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  const params = new URLSearchParams({ fileName: file.name });
  for (const [key, value] of Object.entries(options)) if (value) params.set(key, value);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/imports?${params}`);
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(writeHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as Upload);
      else reject(new ApiError(request.status, (body as Problem | null) ?? { status: request.status }));
    };
    request.onerror = () => reject(new ApiError(0, null));
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort());
    request.send(file);
  });
}

export function useImportFields(recordType: RecordType) {
  return useQuery({
    queryKey: ['imports', 'fields', recordType],
    queryFn: async ({ signal }) =>
      items(await api<ImportField[] | { data: ImportField[] }>('/imports/fields', { query: { recordType }, signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSavedMappings(recordType: RecordType) {
  return useQuery({
    queryKey: ['import-mappings', recordType],
    queryFn: async ({ signal }) =>
      items(
        await api<SavedMapping[] | { data: SavedMapping[] }>('/import-mappings', { query: { recordType }, signal }),
      ),
  });
}

export function useImports(enabled = true) {
  return useQuery({
    queryKey: ['imports', 'list'],
    enabled,
    queryFn: async ({ signal }) => items(await api<ImportRun[] | { data: ImportRun[] }>('/imports', { signal })),
    // A running import moves on by itself: the list follows it.
    refetchInterval: (query) => (query.state.data?.some(isRunning) ? 2000 : false),
  });
}

export function useImportRun(id: string | null) {
  return useQuery({
    queryKey: ['imports', 'run', id],
    queryFn: ({ signal }) => api<ImportRun>(`/imports/${id}`, { signal }),
    enabled: !!id,
    refetchInterval: (query) => (!query.state.data || isMoving(query.state.data) ? 500 : false),
  });
}

export const previewImport = (id: string, settings: Settings, signal?: AbortSignal) =>
  api<Preview>(`/imports/${id}/preview`, { method: 'POST', body: settings, signal });

export const startImport = (id: string, settings: Settings & { saveMappingAs?: string }) =>
  api<{ id: string; status: ImportStatus }>(`/imports/${id}/start`, { method: 'POST', body: settings });

export const cancelImport = (id: string) => api<unknown>(`/imports/${id}/cancel`, { method: 'POST' });
export const undoImport = (id: string) => api<unknown>(`/imports/${id}/undo`, { method: 'POST' });
