// Reading the suggestions (a customer's, a sales rep's daily list) and recording what was done
// with them: a task made from one, done, or dismissed. What follows a done suggestion (did the
// customer order within 60 days?) is read from the orders when the figures are asked for.
import { sql } from 'kysely';
import type { NextAction, NextActionStats } from '../../../contract/nextActions.ts';
import { nextActionKinds } from '../../../contract/nextActions.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { iso } from '../../platform/presenting.ts';
import { personNameSql } from '../../platform/db/names.ts';
import { taskService } from '../tasks/tasks.service.ts';

/** After a done suggestion, an order within this many days counts as what followed. */
export const followDays = 60;

interface ActionRow {
  id: string;
  kind: NextAction['kind'];
  customer_type: 'company' | 'contact';
  customer_id: string;
  customer_name: string | null;
  owner_id: string | null;
  score: number;
  expected_value: string | null;
  currency: string;
  reason: Record<string, unknown>;
  subject_id: string | null;
  status: NextAction['status'];
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  task_id: string | null;
}

function present(row: ActionRow): NextAction {
  return {
    id: row.id,
    kind: row.kind,
    customer: { type: row.customer_type, id: row.customer_id, name: row.customer_name ?? '' },
    ownerId: row.owner_id,
    score: row.score,
    expectedValue: row.expected_value,
    currency: row.currency,
    reason: row.reason,
    subjectId: row.subject_id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    decidedAt: iso(row.decided_at),
    decidedBy: row.decided_by,
    taskId: row.task_id,
  };
}

async function readActions(
  tx: Db,
  where: { workspaceId: string; id?: string; ownerId?: string; customerId?: string; status?: NextAction['status'] },
  limit = 1,
): Promise<ActionRow[]> {
  const open = where.status === 'open';
  const { rows } = await sql<ActionRow>`
    select n.id, n.kind, n.customer_type, n.customer_id, n.owner_id, n.score, n.expected_value, n.currency, n.reason,
           n.subject_id, n.status, n.created_at, n.decided_at, n.decided_by, n.task_id,
           coalesce(co.name, ${personNameSql('ct')}) as customer_name
      from next_actions n
      left join companies co on n.customer_type = 'company' and co.workspace_id = n.workspace_id and co.id = n.customer_id
      left join contacts ct on n.customer_type = 'contact' and ct.workspace_id = n.workspace_id and ct.id = n.customer_id
     where n.workspace_id = ${where.workspaceId}
       ${where.id ? sql`and n.id = ${where.id}` : sql``}
       ${where.status ? sql`and n.status = ${where.status}` : sql``}
       ${where.ownerId ? sql`and n.owner_id = ${where.ownerId}` : sql``}
       ${where.customerId ? sql`and n.customer_id = ${where.customerId}` : sql``}
     order by ${open ? sql`n.score desc` : sql`n.decided_at desc nulls last`}, n.id
     limit ${limit}`.execute(tx);
  return rows;
}

async function openAction(tx: Db, actor: Actor, id: string): Promise<ActionRow> {
  const [row] = await readActions(tx, { workspaceId: actor.workspaceId, id });
  if (!row) throw notFound('next action');
  if (row.status !== 'open') throw conflict('This suggestion was decided already.');
  return row;
}

async function decide(tx: Db, actor: Actor, id: string, status: 'done' | 'dismissed', taskId: string | null) {
  const { rows } = await sql`
    update next_actions set status = ${status}, decided_at = now(), decided_by = ${actor.userId}, task_id = ${taskId}
     where id = ${id} and status = 'open' returning id`.execute(tx);
  if (rows.length === 0) throw conflict('This suggestion was decided already.');
  const [row] = await readActions(tx, { workspaceId: actor.workspaceId, id });
  return present(row);
}

export function nextActionService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    list: (
      actor: Actor,
      query: { owner: 'me' | 'all'; customerId?: string; status: NextAction['status']; limit: number },
    ) =>
      inTenant(db, actor, async (tx) => {
        const rows = await readActions(
          tx,
          {
            workspaceId: actor.workspaceId,
            status: query.status,
            customerId: query.customerId,
            ownerId: query.owner === 'me' ? actor.userId : undefined,
          },
          query.limit,
        );
        return { data: rows.map(present) };
      }),

    decide: (actor: Actor, id: string, status: 'done' | 'dismissed') =>
      inTenant(db, actor, async (tx) => {
        await openAction(tx, actor, id);
        return decide(tx, actor, id, status, null);
      }),

    /**
     * A task on the customer from the suggestion (the customer's owner's, else the caller's;
     * the caller's when their role may work only on their own or their team's tasks, since
     * the owner may be outside that scope); the suggestion is done.
     */
    makeTask: async (actor: Actor, id: string, input: { title: string; dueAt?: string | null }) => {
      const [action, restricted] = await inTenant(
        db,
        actor,
        async (tx): Promise<[ActionRow, boolean]> => [
          await openAction(tx, actor, id),
          (await sql<{ owner: string | null }>`select farley_default_owner('task') as owner`.execute(tx)).rows[0]
            .owner !== null,
        ],
      );
      const task = await taskService(ctx).create(actor, {
        title: input.title,
        dueAt: input.dueAt ?? null,
        assigneeId: restricted ? actor.userId : (action.owner_id ?? actor.userId),
        ...(action.customer_type === 'company'
          ? { companyIds: [action.customer_id] }
          : { contactIds: [action.customer_id] }),
      });
      const decided = await inTenant(db, actor, (tx) => decide(tx, actor, id, 'done', task.id));
      return { action: decided, taskId: task.id };
    },

    stats: (actor: Actor): Promise<NextActionStats> =>
      inTenant(db, actor, async (tx) => {
        const { rows } = await sql<{
          kind: NextAction['kind'];
          open: number;
          done: number;
          dismissed: number;
          followed: number;
        }>`
          select n.kind,
                 count(*) filter (where n.status = 'open')::int as open,
                 count(*) filter (where n.status = 'done')::int as done,
                 count(*) filter (where n.status = 'dismissed')::int as dismissed,
                 count(*) filter (where n.status = 'done' and exists (
                   select 1 from orders o
                    where o.workspace_id = n.workspace_id and o.deleted_at is null and o.status <> 'cancelled'
                      and o.kind = 'order'
                      and (case when n.customer_type = 'company' then o.company_id = n.customer_id
                                else o.company_id is null and o.contact_id = n.customer_id end)
                      and o.order_date > n.decided_at::date and o.order_date <= n.decided_at::date + ${followDays}::int
                 ))::int as followed
            from next_actions n
           where n.workspace_id = ${actor.workspaceId}
           group by n.kind`.execute(tx);
        const byKind = new Map(rows.map((row) => [row.kind, row]));
        return {
          data: nextActionKinds.map((kind) => {
            const row = byKind.get(kind) ?? { open: 0, done: 0, dismissed: 0, followed: 0 };
            const decided = row.done + row.dismissed;
            return {
              kind,
              open: row.open,
              done: row.done,
              dismissed: row.dismissed,
              acceptanceRate: decided ? row.done / decided : null,
              followed: row.followed,
              outcomeRate: row.done ? row.followed / row.done : null,
            };
          }),
        };
      }),
  };
}
