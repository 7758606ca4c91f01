// Test data for search and lookup that belongs to other modules (deals, tasks, activities).
// Written straight into the tables, minimal and in the shape of the foundation schema, so
// that these tests check search and lookup alone and do not depend on those modules' APIs.
import type { Client, Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { searchText } from '../../platform/text.ts';
import type { RecordType } from '../../platform/db/schema.ts';

type Link = { type: RecordType; id: string };

export function fixtures(h: Harness, client: Client) {
  const run = <T>(work: Parameters<typeof inTenant<T>>[2]) =>
    inTenant(h.ctx.db.app, { workspaceId: client.workspaceId, userId: client.userId }, work);

  return {
    deal: (deal: {
      title: string;
      companyId?: string;
      contactId?: string;
      amount?: string;
      currency?: string;
      status?: 'open' | 'won' | 'lost';
    }) =>
      run(async (tx) => {
        const stage = await tx
          .selectFrom('pipeline_stages')
          .select(['id', 'pipeline_id'])
          .orderBy('position')
          .limit(1)
          .executeTakeFirstOrThrow();
        const id = newId();
        await tx
          .insertInto('deals')
          .values({
            workspace_id: client.workspaceId,
            id,
            title: deal.title,
            company_id: deal.companyId ?? null,
            contact_id: deal.contactId ?? null,
            pipeline_id: stage.pipeline_id,
            stage_id: stage.id,
            amount: deal.amount ?? null,
            currency: deal.currency ?? 'EUR',
            status: deal.status ?? 'open',
            search_text: searchText([deal.title]),
          })
          .execute();
        return id;
      }),

    trashDeal: (id: string) =>
      run(async (tx) => {
        await tx.updateTable('deals').set({ deleted_at: new Date() }).where('id', '=', id).execute();
      }),

    task: (task: { title: string; status?: 'open' | 'done' | 'cancelled'; links: Link[] }) =>
      run(async (tx) => {
        const id = newId();
        await tx
          .insertInto('tasks')
          .values({ workspace_id: client.workspaceId, id, title: task.title, status: task.status ?? 'open' })
          .execute();
        await tx
          .insertInto('task_links')
          .values(
            task.links.map((link) => ({
              workspace_id: client.workspaceId,
              task_id: id,
              record_type: link.type,
              record_id: link.id,
            })),
          )
          .execute();
        return id;
      }),

    activity: (activity: { type: 'call' | 'email' | 'note'; subject: string; occurredAt: string; links: Link[] }) =>
      run(async (tx) => {
        const id = newId();
        await tx
          .insertInto('activities')
          .values({
            workspace_id: client.workspaceId,
            id,
            type: activity.type,
            subject: activity.subject,
            occurred_at: activity.occurredAt,
          })
          .execute();
        await tx
          .insertInto('activity_links')
          .values(
            activity.links.map((link) => ({
              workspace_id: client.workspaceId,
              activity_id: id,
              record_type: link.type,
              record_id: link.id,
              occurred_at: activity.occurredAt,
            })),
          )
          .execute();
        return id;
      }),
  };
}
