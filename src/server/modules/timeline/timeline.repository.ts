// SQL of timelines. The timeline is a read model across records: it reads (never writes)
// affiliations, deals and contacts to find whose entries belong to a record, then walks the
// link indexes newest first. Each branch (activities, tasks, stage changes) is ordered and
// limited on its own, so a page costs about `limit` index entries per linked record, however
// long the history behind it is.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RecordType } from '../../platform/db/schema.ts';

export type TimelineKind = 'activity' | 'task' | 'stage_change';

export interface TimelineKey {
  kind: TimelineKind;
  id: string;
  at: Date;
}

export interface TimelineFilter {
  workspaceId: string;
  record: { type: RecordType; id: string };
  kinds: TimelineKind[];
  activityTypes?: string[];
  directions?: string[];
  /** Entries strictly older than this (at, id). */
  after?: { at: string; id: string };
  limit: number;
}

/**
 * Whose links count (`targets`) and whose deals' stage changes count (`stage_deals`):
 * a contact and the deals it is the contact of; a deal itself; a company, its people (live
 * affiliations of live contacts) and its deals, plus the deals of its people.
 */
function scope(f: TimelineFilter): RawBuilder<unknown> {
  const { workspaceId: ws, record } = f;
  if (record.type === 'contact') {
    return sql`targets(record_type, record_id) as (select 'contact'::text, ${record.id}::uuid),
      stage_deals(id) as (select id from deals where workspace_id = ${ws} and contact_id = ${record.id} and deleted_at is null)`;
  }
  if (record.type === 'deal') {
    return sql`targets(record_type, record_id) as (select 'deal'::text, ${record.id}::uuid),
      stage_deals(id) as (select ${record.id}::uuid)`;
  }
  return sql`people(id) as (
        select a.contact_id from affiliations a
        join contacts c on c.workspace_id = a.workspace_id and c.id = a.contact_id and c.deleted_at is null
        where a.workspace_id = ${ws} and a.company_id = ${record.id} and a.deleted_at is null),
      company_deals(id) as (
        select id from deals where workspace_id = ${ws} and company_id = ${record.id} and deleted_at is null),
      targets(record_type, record_id) as (
        select 'company'::text, ${record.id}::uuid
        union select 'contact', id from people
        union select 'deal', id from company_deals),
      stage_deals(id) as (
        select id from company_deals
        union select d.id from deals d join people p on d.contact_id = p.id
        where d.workspace_id = ${ws} and d.deleted_at is null)`;
}

function before(at: RawBuilder<unknown>, id: RawBuilder<unknown>, f: TimelineFilter): RawBuilder<boolean> {
  if (!f.after) return sql<boolean>`true`;
  return sql<boolean>`(${at}, ${id}) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`;
}

function activityBranch(f: TimelineFilter): RawBuilder<unknown> {
  const ws = f.workspaceId;
  const types = f.activityTypes?.length ? sql`and a.type = any(${f.activityTypes}::text[])` : sql``;
  const directions = f.directions?.length ? sql`and a.direction = any(${f.directions}::text[])` : sql``;
  // Per linked record the newest `limit` live activities from the (record, occurred_at desc)
  // index; an activity linked to several of them is counted once.
  return sql`select 'activity' as kind, x.activity_id as id, x.occurred_at as at from (
      select distinct hit.occurred_at, hit.activity_id from targets t
      cross join lateral (
        select l.occurred_at, l.activity_id from activity_links l
        join activities a on a.workspace_id = l.workspace_id and a.id = l.activity_id
        where l.workspace_id = ${ws} and l.record_type = t.record_type and l.record_id = t.record_id
          and a.deleted_at is null ${types} ${directions}
          and ${before(sql`l.occurred_at`, sql`l.activity_id`, f)}
        order by l.occurred_at desc, l.activity_id desc
        limit ${f.limit}
      ) hit
    ) x
    order by x.occurred_at desc, x.activity_id desc
    limit ${f.limit}`;
}

function taskBranch(f: TimelineFilter): RawBuilder<unknown> {
  const ws = f.workspaceId;
  // A task stands at its due time (a follow-up belongs to when it is due, so upcoming ones
  // lead the timeline), or at its creation when it has no due time.
  const at = sql`coalesce(k.due_at, k.created_at)`;
  return sql`select 'task' as kind, x.id, x.at from (
      select distinct k.id, ${at} as at from targets t
      join task_links l on l.workspace_id = ${ws} and l.record_type = t.record_type and l.record_id = t.record_id
      join tasks k on k.workspace_id = l.workspace_id and k.id = l.task_id
      where k.deleted_at is null and ${before(at, sql`k.id`, f)}
    ) x
    order by x.at desc, x.id desc
    limit ${f.limit}`;
}

function stageChangeBranch(f: TimelineFilter): RawBuilder<unknown> {
  return sql`select 'stage_change' as kind, s.id, s.changed_at as at from deal_stage_changes s
    where s.workspace_id = ${f.workspaceId} and s.deal_id in (select id from stage_deals)
      and ${before(sql`s.changed_at`, sql`s.id`, f)}
    order by s.changed_at desc, s.id desc
    limit ${f.limit}`;
}

/**
 * The activities of many linked records (a company and its people), cheaper: the newest links
 * across all of them are merged from the index alone, and only that window is checked against
 * the activity rows for trash. When trash thins the window below a page, the result is not
 * known to be complete (`activities_complete` false) and the caller asks the exact branch.
 */
function activityWindow(f: TimelineFilter): RawBuilder<unknown> {
  const size = f.limit * 2;
  return sql`activity_window as (
      select distinct hit.occurred_at, hit.activity_id from targets t
      cross join lateral (
        select l.occurred_at, l.activity_id from activity_links l
        where l.workspace_id = ${f.workspaceId} and l.record_type = t.record_type and l.record_id = t.record_id
          and ${before(sql`l.occurred_at`, sql`l.activity_id`, f)}
        order by l.occurred_at desc, l.activity_id desc
        limit ${size}
      ) hit
      order by hit.occurred_at desc, hit.activity_id desc
      limit ${size}),
    live_activities as (
      select w.occurred_at, w.activity_id from activity_window w
      join activities a on a.workspace_id = ${f.workspaceId} and a.id = w.activity_id and a.deleted_at is null
      order by w.occurred_at desc, w.activity_id desc
      limit ${f.limit}),
    window_state(complete) as (
      select (select count(*) from live_activities) = ${f.limit} or (select count(*) from activity_window) < ${size})`;
}

async function keys(tx: Db, f: TimelineFilter, windowed: boolean): Promise<Array<TimelineKey & { complete: boolean }>> {
  const branches: RawBuilder<unknown>[] = [];
  if (f.kinds.includes('activity')) {
    branches.push(
      windowed
        ? sql`select 'activity' as kind, activity_id as id, occurred_at as at from live_activities`
        : activityBranch(f),
    );
  }
  if (f.kinds.includes('task')) branches.push(taskBranch(f));
  if (f.kinds.includes('stage_change')) branches.push(stageChangeBranch(f));
  if (branches.length === 0) return [];
  const ctes = windowed ? sql`${scope(f)}, ${activityWindow(f)}` : scope(f);
  const complete = windowed ? sql`(select complete from window_state)` : sql`true`;
  const result = await sql<TimelineKey & { complete: boolean }>`with ${ctes}
    select kind, id, at, ${complete} as complete
    from (${sql.join(
      branches.map((b) => sql`(${b})`),
      sql` union all `,
    )}) entries
    order by at desc, id desc
    limit ${f.limit}`.execute(tx);
  return result.rows;
}

/** The keys of one page plus one more (to know whether there is a next page), newest first. */
export async function timelineKeys(tx: Db, f: TimelineFilter): Promise<TimelineKey[]> {
  const page = { ...f, limit: f.limit + 1 };
  // One linked record reads its own index range exactly; filters by type or direction would
  // mostly empty the window, so they go the exact way too.
  const windowed =
    f.record.type === 'company' && f.kinds.includes('activity') && !f.activityTypes?.length && !f.directions?.length;
  if (windowed) {
    const rows = await keys(tx, page, true);
    if (rows.length > 0 && rows[0].complete) return rows.map(({ kind, id, at }) => ({ kind, id, at }));
  }
  return (await keys(tx, page, false)).map(({ kind, id, at }) => ({ kind, id, at }));
}

export interface StageChangeRow {
  id: string;
  changed_at: Date;
  deal_id: string;
  deal_title: string;
  from_stage_id: string | null;
  from_stage_name: string | null;
  to_stage_id: string;
  to_stage_name: string;
  changed_by: string | null;
}

/** Stage changes by id with their deal's title and the stages' names. */
export async function stageChanges(tx: Db, ids: string[]): Promise<StageChangeRow[]> {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('deal_stage_changes as s')
    .innerJoin('deals as d', (join) =>
      join.onRef('d.workspace_id', '=', 's.workspace_id').onRef('d.id', '=', 's.deal_id'),
    )
    .innerJoin('pipeline_stages as t', (join) =>
      join.onRef('t.workspace_id', '=', 's.workspace_id').onRef('t.id', '=', 's.to_stage_id'),
    )
    .leftJoin('pipeline_stages as f', (join) =>
      join.onRef('f.workspace_id', '=', 's.workspace_id').onRef('f.id', '=', 's.from_stage_id'),
    )
    .select([
      's.id',
      's.changed_at',
      's.deal_id',
      'd.title as deal_title',
      's.from_stage_id',
      'f.name as from_stage_name',
      's.to_stage_id',
      't.name as to_stage_name',
      's.changed_by',
    ])
    .where('s.id', 'in', ids)
    .execute() as Promise<StageChangeRow[]>;
}
