// Retention rules: per record type and status, how long a record is kept and what happens
// after (delete or anonymise, as erasure does it). Contacts count from their last activity
// (or last change when they never had one), deals from closing (open ones from their last
// change). A preview says how many records a rule would take now, with a sample; the nightly
// job (jobs.ts) and "run now" take exactly those (the same query), record a report per run, and
// write it to the audit log. Legal holds exempt a record from every rule.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { newId } from '../../platform/db/records.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { writeAudit } from './erasure.repository.ts';
import type { RetentionReport, RetentionRulesTable } from '../../platform/db/schema.ts';
import type { RetentionRule, RetentionRuleInput } from '../../../contract/privacy.ts';
import { collectFiles } from '../emails/emails.service.ts';
import { anonymousName, eraseContactIn } from './erasure.service.ts';

type RuleRow = Pick<RetentionRulesTable, 'id' | 'record_type' | 'status' | 'months' | 'action'> & { active: boolean };

const presentRule = (row: RuleRow): RetentionRule => ({
  id: row.id,
  recordType: row.record_type,
  status: row.status,
  months: row.months,
  action: row.action,
  active: row.active,
});

/** The records a rule takes now: `held` says whether a legal hold exempts each. */
function candidates(tx: Db, rule: RuleRow) {
  const cutoff = sql`now() - make_interval(months => ${rule.months})`;
  if (rule.record_type === 'contact') {
    const anonymised = ['Anonymisiert', 'Anonymised'];
    return sql<{ id: string; name: string; held: boolean }>`
      select c.id, trim(coalesce(c.first_name || ' ', '') || c.last_name) as name,
        exists (select from legal_holds h where h.record_type = 'contact' and h.record_id = c.id) as held
        from contacts c
       where c.merged_into_id is null
         and coalesce(c.last_activity_at, c.updated_at) < ${cutoff}
         and (${rule.status}::text is null or c.lifecycle_stage = ${rule.status})
         and not (${rule.action} = 'anonymise' and c.first_name is null and c.last_name = any(${anonymised}::text[])
                  and c.emails = '[]'::jsonb and c.phones = '[]'::jsonb)
       order by c.id`.execute(tx);
  }
  return sql<{ id: string; name: string; held: boolean }>`
    select d.id, d.title as name,
      exists (select from legal_holds h where h.record_type = 'deal' and h.record_id = d.id) as held
      from deals d
     where coalesce(d.closed_at, d.updated_at) < ${cutoff}
       and (${rule.status}::text is null or d.status = ${rule.status})
       and not (${rule.action} = 'anonymise' and d.contact_id is null and d.title = any(${['Anonymisiert', 'Anonymised']}::text[]))
     order by d.id`.execute(tx);
}

/** A deal after its retention: deleted for good, or kept for the figures without title or contact. */
async function retireDeal(tx: Db, id: string, action: 'delete' | 'anonymise') {
  if (action === 'anonymise') {
    await tx
      .updateTable('deals')
      .set({ title: anonymousName('de'), contact_id: null, tags: [], search_text: '' })
      .where('id', '=', id)
      .execute();
    return;
  }
  await sql`update quotes set deal_id = null where deal_id = ${id}`.execute(tx);
  await sql`update orders set deal_id = null where deal_id = ${id}`.execute(tx);
  await sql`delete from activity_links where record_type = 'deal' and record_id = ${id}`.execute(tx);
  await sql`delete from task_links where record_type = 'deal' and record_id = ${id}`.execute(tx);
  await sql`delete from recent_views where record_type = 'deal' and record_id = ${id}`.execute(tx);
  await sql`delete from next_actions where subject_id = ${id}`.execute(tx);
  await tx.deleteFrom('deals').where('id', '=', id).execute();
}

async function rulesOf(tx: Db, activeOnly: boolean): Promise<RuleRow[]> {
  let query = tx.selectFrom('retention_rules').selectAll().orderBy('created_at').orderBy('id');
  if (activeOnly) query = query.where('active', '=', true);
  return query.execute();
}

const progressEvery = 100;
/** How long a run asked for by hand is waited for before it is answered as under way. */
const manualWaitMs = 20_000;

async function saveProgress(ctx: AppContext, scope: TenantScope, runId: string, report: RetentionReport) {
  await inTenant(ctx.db.app, scope, (tx) =>
    tx
      .updateTable('retention_runs')
      .set({ report: JSON.stringify(report) })
      .where('id', '=', runId)
      .execute(),
  );
}

/** Workspaces with a manual run under way in this process: one at a time. */
const manualRuns = new Set<string>();

/**
 * A run asked for by hand: answered with its report when it ends within `waitMs`; else it goes
 * on in the background and is answered as under way (`finishedAt` null; the runs list shows how
 * far it got), so that a first run over thousands of records does not outlast the request.
 */
async function runByHand(ctx: AppContext, actor: Actor, waitMs: number) {
  if (manualRuns.has(actor.workspaceId))
    throw conflict('A retention run of this workspace is under way; it is listed under the runs.');
  manualRuns.add(actor.workspaceId);
  let opened: Awaited<ReturnType<typeof openRun>>;
  try {
    opened = await openRun(ctx, actor, 'manual');
  } catch (error) {
    manualRuns.delete(actor.workspaceId);
    throw error;
  }
  const { runId } = opened;
  const running = workRun(ctx, actor, 'manual', opened).finally(() => manualRuns.delete(actor.workspaceId));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  const done = await Promise.race([running, late]);
  clearTimeout(timer);
  if (done) return { finished: true, run: done };
  // What fails inside the rules goes into the run's report; only its last write could fail
  // here, and then the run stays without an end, as one cut short by a stop does.
  running.catch(() => {});
  const row = await inTenant(ctx.db.app, actor, (tx) =>
    tx.selectFrom('retention_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow(),
  );
  return { finished: false, run: presentRun(row) };
}

/** Runs every active rule of a workspace; stores and answers the report. */
export async function runRetention(
  ctx: AppContext,
  scope: { workspaceId: string; userId: string | null },
  trigger: 'schedule' | 'manual',
) {
  return workRun(ctx, scope, trigger, await openRun(ctx, scope, trigger));
}

/** The run's row (listed from now on, without an end) and the active rules it takes. */
async function openRun(
  ctx: AppContext,
  scope: { workspaceId: string; userId: string | null },
  trigger: 'schedule' | 'manual',
) {
  const runId = newId();
  const rules = await inTenant(ctx.db.app, scope, async (tx) => {
    await tx
      .insertInto('retention_runs')
      .values({ workspace_id: scope.workspaceId, id: runId, trigger, actor_id: scope.userId })
      .execute();
    return rulesOf(tx, true);
  });
  return { runId, rules };
}

async function workRun(
  ctx: AppContext,
  scope: { workspaceId: string; userId: string | null },
  trigger: 'schedule' | 'manual',
  { runId, rules }: { runId: string; rules: RuleRow[] },
) {
  const report: RetentionReport = { rules: [], total: 0, held: 0 };
  try {
    for (const rule of rules) {
      const found = await inTenant(ctx.db.app, scope, async (tx) => (await candidates(tx, rule)).rows);
      const entry = {
        ruleId: rule.id,
        recordType: rule.record_type,
        status: rule.status,
        months: rule.months,
        action: rule.action,
        done: 0,
        held: found.filter((r) => r.held).length,
      };
      // Counted as it goes: a failure's report (and the progress saved meanwhile) says what was done.
      report.rules?.push(entry);
      report.held = (report.held ?? 0) + entry.held;
      // One transaction per record: a failure leaves the others erased and is reported.
      for (const record of found.filter((r) => !r.held)) {
        if (rule.record_type === 'contact') {
          const { files } = await inTenant(ctx.db.app, scope, (tx) =>
            eraseContactIn(tx, ctx, scope, record.id, { mode: rule.action, source: 'retention', locale: 'de' }),
          );
          await collectFiles(ctx, files);
        } else {
          await inTenant(ctx.db.app, scope, (tx) => retireDeal(tx, record.id, rule.action));
        }
        entry.done++;
        report.total = (report.total ?? 0) + 1;
        // A long run shows how far it got (GET /retention-runs) while it goes on.
        if (entry.done % progressEvery === 0) await saveProgress(ctx, scope, runId, report);
      }
    }
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  }
  return inTenant(ctx.db.app, scope, async (tx) => {
    const row = await tx
      .updateTable('retention_runs')
      .set({ finished_at: new Date(), report: JSON.stringify(report) })
      .where('id', '=', runId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The log says that records went and how many, never who they were.
    await writeAudit(tx, {
      workspaceId: scope.workspaceId,
      actorId: scope.userId,
      recordType: 'retention_run',
      recordId: runId,
      action: 'create',
      changes: { total: [null, report.total], held: [null, report.held], trigger: [null, trigger] },
    });
    return presentRun(row);
  });
}

const presentRun = (row: {
  id: string;
  trigger: 'schedule' | 'manual';
  actor_id: string | null;
  started_at: Date;
  finished_at: Date | null;
  report: RetentionReport;
}) => ({
  id: row.id,
  trigger: row.trigger,
  actorId: row.actor_id,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
  report: row.report,
});

/** The nightly job: every workspace with an active rule. */
export async function runAllRetention(ctx: AppContext, log: (message: string, error?: unknown) => void = () => {}) {
  const workspaces = await acrossWorkspaces(ctx.db.owner, async (tx) => {
    // A run cut short by a stop of the server never wrote its end: after a day it is closed as
    // interrupted, so that its list does not show it as under way for ever.
    await sql`update retention_runs set finished_at = now(), report = report || '{"error": "interrupted"}'::jsonb
      where finished_at is null and started_at < now() - interval '1 day'`.execute(tx);
    return tx.selectFrom('retention_rules').select('workspace_id').where('active', '=', true).distinct().execute();
  });
  for (const { workspace_id } of workspaces) {
    try {
      await runRetention(ctx, { workspaceId: workspace_id, userId: null }, 'schedule');
    } catch (error) {
      log(`retention run of workspace ${workspace_id} failed`, error);
    }
  }
}

const columnsOf = (input: RetentionRuleInput) => ({
  record_type: input.recordType,
  status: input.status,
  months: input.months,
  action: input.action,
  active: input.active,
});

export function retentionService(ctx: AppContext) {
  const db = ctx.db.app;
  const scoped = <T>(actor: TenantScope, work: (tx: Db) => Promise<T>) => inTenant(db, actor, work);
  return {
    list: (actor: Actor) => scoped(actor, async (tx) => ({ data: (await rulesOf(tx, false)).map(presentRule) })),
    create: (actor: Actor, input: RetentionRuleInput) =>
      scoped(actor, async (tx) =>
        presentRule(
          await tx
            .insertInto('retention_rules')
            .values({ workspace_id: actor.workspaceId, id: newId(), ...columnsOf(input) })
            .returningAll()
            .executeTakeFirstOrThrow(),
        ),
      ),
    update: (actor: Actor, id: string, input: RetentionRuleInput) =>
      scoped(actor, async (tx) => {
        const row = await tx
          .updateTable('retention_rules')
          .set({ ...columnsOf(input), updated_at: new Date() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw notFound('retention rule');
        return presentRule(row);
      }),
    remove: (actor: Actor, id: string) =>
      scoped(actor, async (tx) => {
        const result = await tx.deleteFrom('retention_rules').where('id', '=', id).executeTakeFirst();
        if (!result.numDeletedRows) throw notFound('retention rule');
      }),
    /** What a rule (stored or as given) would take now. */
    preview: (actor: Actor, rule: RetentionRuleInput | { id: string }) =>
      scoped(actor, async (tx) => {
        let row: RuleRow;
        if ('id' in rule) {
          const stored = await tx
            .selectFrom('retention_rules')
            .selectAll()
            .where('id', '=', rule.id)
            .executeTakeFirst();
          if (!stored) throw notFound('retention rule');
          row = stored;
        } else row = { id: '', ...columnsOf(rule) };
        const found = (await candidates(tx, row)).rows;
        const taken = found.filter((r) => !r.held);
        return {
          count: taken.length,
          held: found.length - taken.length,
          sample: taken.slice(0, 20).map((r) => ({ id: r.id, name: r.name })),
        };
      }),
    run: (actor: Actor, waitMs = manualWaitMs) => runByHand(ctx, actor, waitMs),
    runs: (actor: Actor) =>
      scoped(actor, async (tx) => ({
        data: (await tx.selectFrom('retention_runs').selectAll().orderBy('started_at', 'desc').limit(20).execute()).map(
          presentRun,
        ),
      })),
  };
}
