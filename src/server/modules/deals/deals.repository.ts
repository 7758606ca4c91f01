// SQL of deals and their stage history. Deals are read together with their stage, whose
// default probability stands in for the deal's own when it has none.
import type { InsertObject, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { personNameSql } from '../../platform/db/names.ts';
import { listCount, listPage, type Fields, type ListQuery, type ListSearch } from '../../platform/http/listing.ts';
import { dealStatuses } from '../../../contract/deals.ts';

export const dealFields: Fields = {
  title: { column: 'title', kind: 'text' },
  companyId: { column: 'company_id', kind: 'uuid', nullable: true },
  contactId: { column: 'contact_id', kind: 'uuid', nullable: true },
  pipelineId: { column: 'pipeline_id', kind: 'uuid' },
  // In the pipeline's order (the stage's position), as the board shows them, not by id.
  stageId: {
    column: 'stage_id',
    kind: 'uuid',
    rank: { column: 'stage_position', sql: (alias) => sql<number>`${sql.ref(`${alias}.stage_position`)}` },
  },
  amount: { column: 'amount', kind: 'decimal', nullable: true },
  currency: { column: 'currency', kind: 'text' },
  expectedCloseDate: { column: 'expected_close_date', kind: 'date', nullable: true },
  probability: { column: 'effective_probability', kind: 'integer' },
  probabilityOverridden: { column: 'probability_overridden', kind: 'boolean' },
  status: { column: 'status', kind: 'enum', values: dealStatuses },
  lostReasonId: { column: 'lost_reason_id', kind: 'uuid', nullable: true },
  lostReason: { column: 'lost_reason', kind: 'text', nullable: true },
  ownerId: { column: 'owner_id', kind: 'uuid', nullable: true },
  tags: { column: 'tags', kind: 'array' },
  stageEnteredAt: { column: 'stage_entered_at', kind: 'timestamp' },
  closedAt: { column: 'closed_at', kind: 'timestamp', nullable: true },
  lastActivityAt: { column: 'last_activity_at', kind: 'timestamp', nullable: true },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

/**
 * Deals with their effective probability, the names of their company and contact (read by
 * primary key, row by row for a page) and their next task: the linked open task due first,
 * one index probe per deal (task_links_record); PostgreSQL flattens it, so the deals indexes
 * still apply.
 */
function dealsWithStage(tx: Db) {
  return tx
    .selectFrom('deals')
    .innerJoin('pipeline_stages as s', (join) =>
      join.onRef('s.workspace_id', '=', 'deals.workspace_id').onRef('s.id', '=', 'deals.stage_id'),
    )
    .leftJoin('companies as co', (join) =>
      join.onRef('co.workspace_id', '=', 'deals.workspace_id').onRef('co.id', '=', 'deals.company_id'),
    )
    .leftJoin('contacts as ct', (join) =>
      join.onRef('ct.workspace_id', '=', 'deals.workspace_id').onRef('ct.id', '=', 'deals.contact_id'),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('task_links as l')
          .innerJoin('tasks as t', (join) =>
            join.onRef('t.workspace_id', '=', 'l.workspace_id').onRef('t.id', '=', 'l.task_id'),
          )
          .select(['t.id as next_task_id', 't.title as next_task_title', 't.due_at as next_task_due_at'])
          .whereRef('l.workspace_id', '=', 'deals.workspace_id')
          .where('l.record_type', '=', 'deal')
          .whereRef('l.record_id', '=', 'deals.id')
          .where('t.status', '=', 'open')
          .where('t.deleted_at', 'is', null)
          .orderBy(sql`t.due_at asc nulls last`)
          .orderBy('t.id')
          .limit(1)
          .as('nt'),
      (join) => join.onTrue(),
    )
    .selectAll('deals')
    .select(['nt.next_task_id', 'nt.next_task_title', 'nt.next_task_due_at'])
    .select([
      sql<number>`coalesce(deals.probability, s.probability)`.as('effective_probability'),
      sql<boolean>`deals.probability is not null`.as('probability_overridden'),
      's.position as stage_position',
      'co.name as company_name',
      sql<string | null>`nullif(${personNameSql('ct')}, '')`.as('contact_name'),
    ]);
}

/** A page of deals; `search`: what the list's search found (see the search module's listSearchIn). */
export async function listDeals(
  tx: Db,
  query: ListQuery,
  search: ListSearch | null,
  ownerIds?: string[] | null,
  only?: RawBuilder<boolean>,
) {
  let builder = tx.selectFrom(dealsWithStage(tx).as('d')).selectAll();
  if (ownerIds) builder = builder.where('d.owner_id', 'in', ownerIds);
  if (only) builder = builder.where(only);
  return listPage(builder, {
    fields: dealFields,
    query,
    defaultSort: '-createdAt',
    alias: 'd',
    search,
  });
}

/** How many deals the list holds (see listCount); `search` uncapped. */
export async function countDeals(
  tx: Db,
  query: ListQuery,
  search: ListSearch | null,
  ownerIds?: string[] | null,
  only?: RawBuilder<boolean>,
) {
  let builder = tx.selectFrom(dealsWithStage(tx).as('d'));
  if (ownerIds) builder = builder.where('d.owner_id', 'in', ownerIds);
  if (only) builder = builder.where(only);
  return listCount(tx, builder, { fields: dealFields, query, alias: 'd', search });
}

/** A deal as the API shows it: with its stage's probability and the names of its company and contact. */
export type DealRow = Awaited<ReturnType<typeof findDeal>> & {};

/** A deal's move between stages, with the stages' names. */
export type StageChangeRow = Awaited<ReturnType<typeof stageHistory>>[number];

/** A deal as the API shows it, trashed or not. */
export async function findDeal(tx: Db, id: string) {
  return dealsWithStage(tx).where('deals.id', '=', id).executeTakeFirst();
}

/** The open stage (of the deal's pipeline, still in it) the deal was in last, if any. */
export async function lastOpenStage(tx: Db, dealId: string, pipelineId: string) {
  const row = await tx
    .selectFrom('deal_stage_changes as c')
    .innerJoin('pipeline_stages as s', (join) =>
      join.onRef('s.workspace_id', '=', 'c.workspace_id').onRef('s.id', '=', 'c.to_stage_id'),
    )
    .select('s.id')
    .where('c.deal_id', '=', dealId)
    .where('s.pipeline_id', '=', pipelineId)
    .where('s.kind', '=', 'open')
    .where('s.removed_at', 'is', null)
    .orderBy('c.changed_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A live deal, locked until the transaction ends so that two moves cannot both start from the same stage. */
export async function lockDeal(tx: Db, id: string) {
  return tx
    .selectFrom('deals')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertDeal(tx: Db, values: InsertObject<Database, 'deals'>) {
  await tx.insertInto('deals').values(values).execute();
}

export async function insertStageChange(
  tx: Db,
  values: {
    workspace_id: string;
    id: string;
    deal_id: string;
    from_stage_id: string | null;
    to_stage_id: string;
    changed_by: string | null;
  },
) {
  await tx.insertInto('deal_stage_changes').values(values).execute();
}

/** Which deals the board's figures count: an owner, and for closed deals a period (UTC days). */
export interface TotalsFilter {
  /** Only deals these users own (see the service's ownersOf). */
  ownerIds?: string[] | null;
  ownerId?: string;
  closedFrom?: string;
  closedBefore?: string;
}

/** Count, sum and weighted sum of a pipeline's live deals per stage and currency (index deals_stage). */
export async function pipelineTotals(tx: Db, pipelineId: string, filter: TotalsFilter = {}) {
  let query = tx
    .selectFrom('deals')
    .innerJoin('pipeline_stages as s', (join) =>
      join.onRef('s.workspace_id', '=', 'deals.workspace_id').onRef('s.id', '=', 'deals.stage_id'),
    )
    .select([
      'deals.stage_id',
      'deals.currency',
      sql<number>`count(*)::int`.as('n'),
      sql<string | null>`sum(deals.amount)::text`.as('amount'),
      sql<string | null>`round(sum(deals.amount * coalesce(deals.probability, s.probability)) / 100, 2)::text`.as(
        'weighted',
      ),
    ])
    .where('deals.pipeline_id', '=', pipelineId)
    .where('deals.deleted_at', 'is', null);
  const { ownerIds, ownerId, closedFrom, closedBefore } = filter;
  if (ownerIds) query = query.where('deals.owner_id', 'in', ownerIds);
  if (ownerId) query = query.where('deals.owner_id', '=', ownerId);
  if (closedFrom)
    query = query.where(sql<boolean>`(deals.closed_at is null or deals.closed_at >= ${closedFrom}::date)`);
  if (closedBefore)
    query = query.where(sql<boolean>`(deals.closed_at is null or deals.closed_at < ${closedBefore}::date)`);
  return query.groupBy(['deals.stage_id', 'deals.currency']).execute();
}

/** A deal's stage changes, oldest first, with the stage names (of removed stages too). */
export async function stageHistory(tx: Db, dealId: string) {
  return tx
    .selectFrom('deal_stage_changes as c')
    .innerJoin('pipeline_stages as t', (join) =>
      join.onRef('t.workspace_id', '=', 'c.workspace_id').onRef('t.id', '=', 'c.to_stage_id'),
    )
    .leftJoin('pipeline_stages as f', (join) =>
      join.onRef('f.workspace_id', '=', 'c.workspace_id').onRef('f.id', '=', 'c.from_stage_id'),
    )
    .select([
      'c.id',
      'c.from_stage_id',
      'f.name as from_name',
      'c.to_stage_id',
      't.name as to_name',
      't.kind as to_kind',
      'c.changed_at',
      'c.changed_by',
    ])
    .where('c.deal_id', '=', dealId)
    .orderBy('c.changed_at')
    .orderBy('c.id')
    .execute();
}
