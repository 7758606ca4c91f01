// SQL of the start page. Like the timeline, it is a read model across records: it reads
// (never writes) tasks, deals and their stage history, contacts and companies, always one
// user's rows of one workspace through an index that starts with (workspace, user), and it
// writes only its own table, recent_views.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import { personNameSql } from '../../platform/db/names.ts';

/** The user's open tasks due before `until` (index tasks_assignee_due), the longest overdue first. */
export async function dueTaskIds(tx: Db, workspaceId: string, userId: string, until: Date, limit: number) {
  const rows = await tx
    .selectFrom('tasks')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('assignee_id', '=', userId)
    .where('status', '=', 'open')
    .where('due_at', '<', until)
    .where('deleted_at', 'is', null)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** How many of the user's open tasks are overdue (before now) and due from now until `until`. */
export async function dueTaskCounts(tx: Db, workspaceId: string, userId: string, until: Date) {
  const row = await tx
    .selectFrom('tasks')
    .select([
      sql<number>`count(*) filter (where due_at < now())::int`.as('overdue'),
      sql<number>`count(*) filter (where due_at >= now())::int`.as('due_today'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('assignee_id', '=', userId)
    .where('status', '=', 'open')
    .where('due_at', '<', until)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { overdue: row.overdue, dueToday: row.due_today };
}

/** A deal line: the deal with its stage, company and contact names and its next open task. */
export interface DealLineRow {
  id: string;
  version: number;
  title: string;
  company_id: string | null;
  company_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  stage_id: string;
  stage_name: string;
  amount: string | null;
  currency: string;
  expected_close_date: string | null;
  stage_entered_at: Date;
  next_task_id: string | null;
  next_task_title: string | null;
  next_task_due_at: Date | null;
}

/** The columns of a deal line, for a query whose deals are `d`. */
const dealLine = sql`d.id, d.version, d.title, d.company_id, co.name as company_name, d.contact_id,
  nullif(${personNameSql('ct')}, '') as contact_name, d.stage_id, s.name as stage_name, d.amount::text as amount,
  d.currency, to_char(d.expected_close_date, 'YYYY-MM-DD') as expected_close_date, d.stage_entered_at,
  n.id as next_task_id, n.title as next_task_title, n.due_at as next_task_due_at`;

/** The joins of a deal line: its stage, company, contact and next step (the earliest open task). */
const dealLineJoins = sql`
  join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
  left join companies co on co.workspace_id = d.workspace_id and co.id = d.company_id
  left join contacts ct on ct.workspace_id = d.workspace_id and ct.id = d.contact_id
  left join lateral (
    select k.id, k.title, k.due_at from task_links l
      join tasks k on k.workspace_id = l.workspace_id and k.id = l.task_id
     where l.workspace_id = d.workspace_id and l.record_type = 'deal' and l.record_id = d.id
       and k.status = 'open' and k.deleted_at is null
     order by k.due_at nulls last, k.id
     limit 1
  ) n on true`;

/**
 * The user's open deals whose next step is due before `until` or missing, the soonest to
 * close first. Walks index deals_owner_open_close in order and stops at `limit` hits.
 */
export async function dealsNeedingStep(tx: Db, workspaceId: string, userId: string, until: Date, limit: number) {
  const { rows } = await sql<DealLineRow>`
    select ${dealLine} from deals d ${dealLineJoins}
     where d.workspace_id = ${workspaceId} and d.owner_id = ${userId} and d.status = 'open' and d.deleted_at is null
       and (n.id is null or n.due_at < ${until})
     order by d.expected_close_date nulls last, d.id
     limit ${limit}`.execute(tx);
  return rows;
}

/** How long deals stayed in a stage: the 75th percentile and count of its latest exits. */
export interface StageStay {
  stage_id: string;
  stays: number;
  p75_seconds: number | null;
}

/**
 * For each open stage of the workspace, the time deals spent in it on their latest `sample`
 * moves out of it (index deal_stage_changes_from), each measured from the move into the
 * stage before it (index deal_stage_changes_deal): a bounded read however long the history.
 */
export async function stageStays(tx: Db, workspaceId: string, sample: number) {
  const { rows } = await sql<StageStay>`
    select s.id as stage_id, x.stays, x.p75_seconds from pipeline_stages s
    cross join lateral (
      select count(*)::int as stays,
             percentile_cont(0.75) within group (order by extract(epoch from e.changed_at - i.changed_at))::float8 as p75_seconds
        from (
          select c.deal_id, c.changed_at from deal_stage_changes c
           where c.workspace_id = s.workspace_id and c.from_stage_id = s.id
           order by c.changed_at desc
           limit ${sample}
        ) e
        cross join lateral (
          select i.changed_at from deal_stage_changes i
           where i.workspace_id = s.workspace_id and i.deal_id = e.deal_id and i.to_stage_id = s.id
             and i.changed_at <= e.changed_at
           order by i.changed_at desc
           limit 1
        ) i
    ) x
    where s.workspace_id = ${workspaceId} and s.kind = 'open' and s.removed_at is null`.execute(tx);
  return rows;
}

/**
 * The user's open deals that entered their stage before that stage's cutoff: per stage the
 * longest waiting `limit` (index deals_owner_open_stage), so a page never reads more than
 * `limit` deals of a stage.
 */
export async function dealsStuck(
  tx: Db,
  workspaceId: string,
  userId: string,
  cutoffs: Array<{ stageId: string; enteredBefore: Date }>,
  limit: number,
) {
  if (cutoffs.length === 0) return [];
  const stages = sql.join(cutoffs.map((c) => sql`(${c.stageId}::uuid, ${c.enteredBefore}::timestamptz)`));
  const { rows } = await sql<DealLineRow>`
    select w.* from (values ${stages}) as cut(stage_id, entered_before)
    cross join lateral (
      select ${dealLine} from deals d ${dealLineJoins}
       where d.workspace_id = ${workspaceId} and d.owner_id = ${userId} and d.stage_id = cut.stage_id
         and d.status = 'open' and d.deleted_at is null and d.stage_entered_at < cut.entered_before
       order by d.stage_entered_at
       limit ${limit}
    ) w`.execute(tx);
  return rows;
}

export interface RecentRow {
  record_type: RecordType;
  record_id: string;
  viewed_at: Date;
  name: string;
  detail: string | null;
  phones: Array<{ number: string; primary?: boolean }> | null;
}

/** The user's recently viewed records that are still live, newest first (index recent_views_user). */
export async function recentRecords(tx: Db, workspaceId: string, userId: string, limit: number) {
  const { rows } = await sql<RecentRow>`
    select v.record_type, v.record_id, v.viewed_at, r.name, r.detail, r.phones
      from recent_views v
      cross join lateral (
        select ${personNameSql('c')} as name, pc.name as detail, c.phones from contacts c
          left join affiliations a on a.workspace_id = c.workspace_id and a.contact_id = c.id and a.is_primary and a.deleted_at is null
          left join companies pc on pc.workspace_id = a.workspace_id and pc.id = a.company_id and pc.deleted_at is null
         where v.record_type = 'contact' and c.workspace_id = v.workspace_id and c.id = v.record_id and c.deleted_at is null
        union all
        select co.name, co.cities[1], co.phones from companies co
         where v.record_type = 'company' and co.workspace_id = v.workspace_id and co.id = v.record_id and co.deleted_at is null
        union all
        select d.title, dc.name, null from deals d
          left join companies dc on dc.workspace_id = d.workspace_id and dc.id = d.company_id and dc.deleted_at is null
         where v.record_type = 'deal' and d.workspace_id = v.workspace_id and d.id = v.record_id and d.deleted_at is null
      ) r
     where v.workspace_id = ${workspaceId} and v.user_id = ${userId}
     order by v.viewed_at desc, v.record_id
     limit ${limit}`.execute(tx);
  return rows;
}

/** Whether a live record of that type and id exists (in the transaction's workspace). */
export async function recordIsLive(tx: Db, type: RecordType, id: string): Promise<boolean> {
  const table = ({ contact: 'contacts', company: 'companies', deal: 'deals' } as const)[type];
  const row = await tx
    .selectFrom(table)
    .select('id')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Notes a view: the record moves to the top of the user's recent records. */
export async function upsertView(tx: Db, workspaceId: string, userId: string, type: RecordType, id: string) {
  await tx
    .insertInto('recent_views')
    .values({ workspace_id: workspaceId, user_id: userId, record_type: type, record_id: id })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'user_id', 'record_type', 'record_id']).doUpdateSet({ viewed_at: sql`now()` }),
    )
    .execute();
}

/** Forgets all but the user's newest `keep` views. */
export async function trimViews(tx: Db, workspaceId: string, userId: string, keep: number) {
  await sql`
    delete from recent_views v
     where v.workspace_id = ${workspaceId} and v.user_id = ${userId}
       and (v.viewed_at, v.record_type, v.record_id) < (
         select k.viewed_at, k.record_type, k.record_id from recent_views k
          where k.workspace_id = ${workspaceId} and k.user_id = ${userId}
          order by k.viewed_at desc, k.record_type desc, k.record_id desc
          offset ${keep - 1} limit 1)`.execute(tx);
}
