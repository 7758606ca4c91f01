// Gapless numbers of sales documents per workspace, kind and year, in the workspace's
// patterns. A number is given inside the transaction that issues the document, so it is
// committed with the document or not at all (docs/sales.md, "Numbering").
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import type { Numbering, NumberingPatch } from '../../../contract/numbering.ts';
import * as repo from './numbering.repository.ts';
import {
  type DocumentKind,
  defaultPatterns,
  documentDate,
  documentKinds,
  formatNumber,
  parsePattern,
} from './numbering.pattern.ts';

/**
 * The zone in which a document's date falls into its year. Workspaces have no time zone
 * setting yet, and Farley's users are in Germany; a setting replaces this when one comes.
 */
export const workspaceTimeZone = 'Europe/Berlin';

export type NumberingPatterns = Record<DocumentKind, string>;

export interface DocumentNumber {
  /** The number as printed on the document (`AN-2026-0042`). */
  number: string;
  /** The counter value within the kind and year (42). */
  sequence: number;
  year: number;
}

/** The workspace's pattern per kind, the default where it has set none. */
export async function numberingPatterns(tx: Db, workspaceId: string): Promise<NumberingPatterns> {
  const own = await repo.patterns(tx, workspaceId);
  const result = { ...defaultPatterns };
  for (const row of own) result[row.kind] = row.pattern;
  return result;
}

/**
 * Sets the patterns given, each checked first (a refused one is a field error at
 * `patterns.<kind>`, and none is saved). Numbers already given keep their text; the counters
 * go on, so a new pattern in mid-year continues with the next number.
 */
export async function setNumberingPatterns(
  tx: Db,
  workspaceId: string,
  patterns: Partial<NumberingPatterns>,
): Promise<NumberingPatterns> {
  const given = documentKinds.flatMap((kind) => {
    const pattern = patterns[kind];
    return pattern === undefined ? [] : [{ kind, pattern }];
  });
  for (const { kind, pattern } of given) parsePattern(pattern, `patterns.${kind}`);
  for (const { kind, pattern } of given) await repo.savePattern(tx, workspaceId, kind, pattern);
  return numberingPatterns(tx, workspaceId);
}

/**
 * The next number of a kind of document dated `date` (a calendar day `YYYY-MM-DD`, or an
 * instant, whose day is taken in the workspace's time zone). Call it in the tenant transaction
 * that stores the issued document: the number is the document's only if that transaction
 * commits, and concurrent callers wait for it to end.
 */
export async function nextNumber(
  tx: Db,
  input: { workspaceId: string; kind: DocumentKind; date: Date | string },
): Promise<DocumentNumber> {
  const date = documentDate(input.date, workspaceTimeZone);
  const pattern = (await numberingPatterns(tx, input.workspaceId))[input.kind];
  const sequence = await repo.takeNumber(tx, input.workspaceId, input.kind, date.year);
  return { number: formatNumber(pattern, sequence, date), sequence, year: date.year };
}

/** The numbering settings through the API: everyone reads them, managers change them. */
export function numberingService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    async get(actor: Actor): Promise<Numbering> {
      return inTenant(db, actor, async (tx) => ({ patterns: await numberingPatterns(tx, actor.workspaceId) }));
    },
    async update(actor: Actor, patch: NumberingPatch): Promise<Numbering> {
      return inTenant(db, actor, async (tx) => ({
        patterns: await setNumberingPatterns(tx, actor.workspaceId, patch.patterns),
      }));
    },
  };
}
