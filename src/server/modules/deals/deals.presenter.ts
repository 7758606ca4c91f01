// What the API shows of a deal and of its moves between stages.
import type { Deal, DealStageChange } from '../../../contract/deals.ts';
import { iso } from '../../platform/presenting.ts';
import type * as repo from './deals.repository.ts';

export function presentDeal(row: repo.DealRow): Deal {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    companyId: row.company_id,
    companyName: row.company_name ?? null,
    contactId: row.contact_id,
    contactName: row.contact_name ?? null,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    amount: row.amount === null ? null : { amount: row.amount, currency: row.currency.trim() },
    expectedCloseDate: row.expected_close_date,
    probability: row.effective_probability,
    probabilityOverridden: row.probability_overridden,
    status: row.status,
    lostReasonId: row.lost_reason_id,
    lostReason: row.lost_reason,
    ownerId: row.owner_id,
    tags: row.tags,
    stageEnteredAt: row.stage_entered_at.toISOString(),
    closedAt: iso(row.closed_at),
    lastActivityAt: iso(row.last_activity_at),
    nextTask: row.next_task_id
      ? { id: row.next_task_id, title: row.next_task_title ?? '', dueAt: iso(row.next_task_due_at ?? null) }
      : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}

export function presentStageChange(row: repo.StageChangeRow): DealStageChange {
  return {
    id: row.id,
    fromStageId: row.from_stage_id,
    fromStageName: row.from_name ?? null,
    toStageId: row.to_stage_id,
    toStageName: row.to_name,
    toStageKind: row.to_kind,
    changedAt: row.changed_at.toISOString(),
    changedBy: row.changed_by,
  };
}
