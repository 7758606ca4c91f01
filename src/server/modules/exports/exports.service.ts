// Exports: a list with its filters, sort, search, saved view and columns, every page of it,
// written as CSV, Excel, vCard or JSON while the pages arrive, and logged in the audit log.
//
// Paging, not a cursor: the export reads the list exactly as the list's own pages do (the
// list service, keyset-paginated, the same query building, the same row-level security),
// each page a short transaction of its own within the house's 5-second statement limit. A
// server-side cursor would need that limit raised and one transaction (and connection) held
// for as long as the slowest client takes to download, and a second way to build the query.
// The price: the pages are not one snapshot. A record changed during the export may move in
// the sort order and be written twice or not at all, as when a user pages through the list.
//
// A list with a CopySource (contacts) is the exception for CSV, the format of big exports:
// there parsing and presenting every row in this process was most of the time, so PostgreSQL
// writes the file in one statement and one transaction instead (exports.copy.ts), held for
// as long as the download takes.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { hasFilters, type ListQuery } from '../../platform/http/listing.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import { findVisibleView } from '../views/views.repository.ts';
import { viewParameters } from '../views/views.service.ts';
import type { ViewConfig } from '../../../contract/views.ts';
import type { ExportColumn, ExportLanguage, Lookups } from './exports.columns.ts';
import { fieldAccessFor, restricts, withoutHidden } from '../../platform/fieldAccess.ts';
import {
  contentTypes,
  csvChunks,
  csvHeader,
  jsonChunks,
  vcardChunks,
  xlsxStream,
  type ExportFormat,
} from './exports.writers.ts';
import { copySelect, CsvLines, startCopy, type CopySource } from './exports.copy.ts';
import * as repo from './exports.repository.ts';

/** Rows per page: big enough that a page's transaction costs little per row, small enough to stay flat. */
export const exportPageSize = 1000;

export interface ExportSource<R> {
  /** The list's path, e.g. "contacts". */
  path: string;
  /** The saved views' resource, when the list has saved views. */
  viewResource?: string;
  /** The file's name before the date, per language. */
  fileName: Record<ExportLanguage, string>;
  columns: ExportColumn<R>[];
  /** The list's field names: a column of the list that the export has no column for is left out. */
  listNames?: readonly string[];
  /** A page of the list, as GET /<path> gives it. */
  list(actor: Actor, query: ListQuery): Promise<{ data: R[]; nextCursor: string | null; searchLimited?: boolean }>;
  vcard?: (record: R) => string;
  /** How PostgreSQL writes the list as CSV itself (exports.copy.ts); without it, page by page. */
  copy?: CopySource;
}

export interface ExportRequest {
  format: ExportFormat;
  delimiter?: 'comma' | 'semicolon';
  lang?: ExportLanguage;
  columns?: string;
  view?: string;
  /** The list's own parameters: filters, sort, q, trashed. */
  list: Record<string, unknown>;
}

export interface ExportReply {
  fileName: string;
  contentType: string;
  searchLimited: boolean;
  body: Readable;
}

/**
 * The columns of the list's column names, in their order; every column without them. A name
 * of the list that the export has no column for (a read-only mark) is left out; any other
 * name is a 400.
 */
export function chooseColumns<R>(
  all: ExportColumn<R>[],
  names: string[] | null,
  path: string,
  listNames: readonly string[] = [],
): ExportColumn<R>[] {
  if (!names || names.length === 0) return all;
  const known = new Set([...all.flatMap((c) => c.lists), ...listNames]);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) {
    throw badRequest(
      `The ${path} list has no column ${unknown.join(', ')}.`,
      unknown.map((name) => ({ path: 'query.columns', message: `unknown column ${name}` })),
    );
  }
  const chosen: ExportColumn<R>[] = [];
  for (const name of names) {
    for (const column of all) if (column.lists.includes(name) && !chosen.includes(column)) chosen.push(column);
  }
  return chosen;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * How many exports one server runs at once unless told: a CSV export holds pool connections
 * and a PostgreSQL backend for as long as its download takes, so a few big exports must not
 * take the pool from every other request.
 */
export const defaultMaxExports = (poolSize: number) => Math.max(2, Math.floor(poolSize / 4));

export function exportService(ctx: AppContext, log: FastifyBaseLogger, options: { maxRunning?: number } = {}) {
  const db = ctx.db.app;
  const maxRunning = options.maxRunning ?? defaultMaxExports(ctx.config.dbPoolSize);
  let running = 0;

  /** Takes one of the running exports' places, or refuses; the returned function gives it back (once). */
  const enter = (): (() => void) => {
    if (running >= maxRunning)
      throw new AppError(
        'unavailable',
        `This server is running ${maxRunning} exports already; retry in a minute.`,
        undefined,
        { 'retry-after': '60' },
        'exports_busy',
      );
    running++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      running--;
    };
  };

  /** The request's first work (it takes the request's transaction): view, users, stages. */
  const prepare = (actor: Actor, source: ExportSource<unknown>, viewId: string | undefined) =>
    inTenant(db, actor, async (tx) => {
      let view: ViewConfig | null = null;
      if (viewId) {
        const row = await findVisibleView(tx, viewId, actor.userId);
        if (!row || row.resource !== source.viewResource) throw notFound('view');
        view = row.config as ViewConfig;
      }
      const users = await repo.usersOfWorkspace(tx);
      const stages = await repo.stagesOfWorkspace(tx);
      return { view, users, stages };
    });

  const audit = (actor: Actor, details: Record<string, unknown>) =>
    inTenant(db, actor, (tx) => repo.recordExport(tx, actor.userId, details)).catch((error: unknown) =>
      log.error({ err: error }, 'the export could not be written to the audit log'),
    );

  /**
   * The CSV file written by PostgreSQL (exports.copy.ts), in a tenant transaction of its own
   * that lasts as long as the download. Resolves when the first rows (or the end) have come,
   * so that a failing statement is still an error reply; a client that goes away ends the
   * statement with the connection, which is then closed rather than returned to the pool.
   */
  const copied = <R>(
    actor: Actor,
    copy: CopySource,
    options: {
      query: ListQuery;
      columns: ExportColumn<R>[];
      language: ExportLanguage;
      delimiter: ',' | ';';
      audit: (rows: number, complete: boolean) => Promise<void>;
    },
  ) =>
    new Promise<{ body: Readable; searchLimited: boolean }>((resolve, reject) => {
      const { query, columns, language, delimiter } = options;
      let started = false;
      let lines: CsvLines | null = null;
      let complete = false;
      inTenant(db, actor, async (tx) => {
        // As the list: a filtered list searches every match, a whole one the first ones.
        const search = await copy.search(tx, actor.workspaceId, query, !hasFilters(copy.fields, query));
        const searchLimited = Boolean(search && 'ids' in search && search.limited);
        const { select } = copySelect(copy, columns as ExportColumn<unknown>[], {
          query,
          search,
          decimalComma: delimiter === ';',
          language,
        });
        const { client, stream } = await startCopy(tx, select, delimiter);
        const written = new CsvLines(
          (anyRows) =>
            csvHeader(
              columns.filter((c) => anyRows || !c.optional),
              language,
              delimiter,
            ),
          () => {
            started = true;
            resolve({ body: written, searchLimited });
          },
        );
        lines = written;
        // A late error of the stream (after pipeline gave up on it) must not go unheard.
        stream.on('error', () => {});
        try {
          await pipeline(stream, written);
          complete = true;
        } catch (error) {
          // Broken off (the client went away) or failed: the statement may still run or be
          // blocked on a full socket; closing the connection ends it either way.
          await client.end().catch(() => {});
          throw error;
        }
      })
        .catch((error: unknown) => {
          if (!started) reject(error);
          else log.debug({ err: error }, 'a CSV export was broken off');
        })
        .finally(() => (started ? options.audit(lines?.rows ?? 0, complete) : undefined));
    });

  /** Exports, whatever else runs. */
  const unlimited = {
    async export<R>(actor: Actor, source: ExportSource<R>, request: ExportRequest): Promise<ExportReply> {
      const { view, users, stages } = await prepare(actor, source as ExportSource<unknown>, request.view);
      const me = users.find((u) => u.id === actor.userId);
      const language: ExportLanguage = request.lang ?? (me?.locale === 'en' ? 'en' : 'de');
      const emails = new Map(users.map((u) => [u.id, u.email]));
      const stageNames = new Map(stages.map((s) => [s.id, { name: s.name, pipeline: s.pipeline }]));
      const lookups: Lookups = {
        userEmail: (id) => (id ? (emails.get(id) ?? null) : null),
        stage: (id) => (id ? (stageNames.get(id) ?? null) : null),
        language,
      };
      const query: ListQuery = { ...(view ? viewParameters(view) : {}), ...request.list, limit: exportPageSize };
      const names = request.columns
        ? request.columns
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean)
        : (view?.columns ?? null);
      // The caller's hidden fields are neither columns nor, for private phones, in the cells.
      const access = await fieldAccessFor(db, actor);
      let columns = chooseColumns(source.columns, names, source.path, source.listNames).filter(
        (c) => !access.hidden.has(c.key),
      );
      const delimiter = (request.delimiter ?? (language === 'de' ? 'semicolon' : 'comma')) === 'semicolon' ? ';' : ',';
      const fileName = `${source.fileName[language]}-${today()}.${request.format}`;
      // What the audit log keeps of an export: the list, its parameters and how far it got.
      const auditExport = (rows: number, complete: boolean) => {
        const { limit: _limit, ...listed } = query;
        return audit(actor, {
          list: source.path,
          format: request.format,
          rows,
          complete,
          query: listed,
          ...(request.view ? { viewId: request.view } : {}),
        });
      };
      if (request.format === 'csv' && source.copy && !access.hidePrivatePhones) {
        const { body, searchLimited } = await copied(actor, source.copy, {
          query,
          columns,
          language,
          delimiter,
          audit: auditExport,
        });
        return { fileName, contentType: contentTypes.csv, searchLimited, body };
      }

      // The first page before the reply starts: a bad filter or sort is still a 400 then.
      const first = await source.list(actor, query);
      const sample = first.data[0] as Record<string, unknown> | undefined;
      columns = columns.filter((c) => !c.optional || (sample !== undefined && c.optional in sample));

      let rows = 0;
      let complete = false;
      async function* pages(): AsyncGenerator<R[]> {
        // The next page is asked for before the current one is written: the database reads
        // it while this process writes, one page ahead at most.
        let next: Promise<typeof first> | null = null;
        try {
          let page = first;
          for (;;) {
            const cursor = page.nextCursor;
            next = cursor ? source.list(actor, { ...query, cursor }) : null;
            rows += page.data.length;
            yield restricts(access) ? withoutHidden(page.data, access) : page.data;
            if (!next) break;
            page = await next;
            next = null;
          }
          complete = true;
        } finally {
          // Broken off with a page on its way: it is waited for (its transaction ends), not used.
          await next?.catch(() => {});
          await auditExport(rows, complete);
        }
      }

      const table = { columns, language, lookups };
      let body: Readable;
      switch (request.format) {
        case 'csv':
          body = Readable.from(csvChunks(pages(), { ...table, delimiter }), { objectMode: false });
          break;
        case 'json':
          body = Readable.from(jsonChunks(pages()), { objectMode: false });
          break;
        case 'vcf': {
          const card = source.vcard;
          if (!card) throw badRequest(`The ${source.path} list has no vCard export.`);
          body = Readable.from(vcardChunks(pages(), card), { objectMode: false });
          break;
        }
        case 'xlsx':
          body = xlsxStream(pages(), { ...table, sheetName: source.fileName[language] }, (error) =>
            log.error({ err: error }, 'an Excel export failed'),
          );
          break;
      }
      return {
        fileName,
        contentType: contentTypes[request.format],
        searchLimited: Boolean(first.searchLimited),
        body,
      };
    },
  };

  return {
    /** The running exports. */
    running: () => running,

    /** The file; the export keeps its place among the running ones until its body is closed. */
    async export<R>(actor: Actor, source: ExportSource<R>, request: ExportRequest): Promise<ExportReply> {
      const leave = enter();
      try {
        const reply = await unlimited.export(actor, source, request);
        reply.body.once('close', leave);
        return reply;
      } catch (error) {
        leave();
        throw error;
      }
    },
  };
}
