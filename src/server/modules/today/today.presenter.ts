// What the API shows of the start page's lines: deals with their next step, stuck deals with
// how long they waited against the usual, and recently viewed records.
import type { RecentRecord, StuckDeal, TodayDeal } from '../../../contract/today.ts';
import { iso } from '../../platform/presenting.ts';
import type { DealLineRow, RecentRow } from './today.repository.ts';

export function presentDealLine(row: DealLineRow): TodayDeal {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    companyId: row.company_id,
    companyName: row.company_name,
    contactId: row.contact_id,
    contactName: row.contact_name,
    stageId: row.stage_id,
    stageName: row.stage_name,
    amount: row.amount === null ? null : { amount: row.amount, currency: row.currency.trim() },
    expectedCloseDate: row.expected_close_date,
    stageEnteredAt: row.stage_entered_at.toISOString(),
    nextTask:
      row.next_task_id === null
        ? null
        : { id: row.next_task_id, title: row.next_task_title ?? '', dueAt: iso(row.next_task_due_at) },
  };
}

export function presentStuckDeal(
  row: DealLineRow,
  usual: { days: number; from: StuckDeal['usualFrom'] },
  now: number,
): StuckDeal {
  return {
    ...presentDealLine(row),
    daysInStage: Math.floor((now - row.stage_entered_at.getTime()) / 86_400_000),
    usualDays: usual.days,
    usualFrom: usual.from,
  };
}

export function presentRecent(row: RecentRow): RecentRecord {
  const phones = row.phones ?? [];
  const phone = phones.find((entry) => entry.primary) ?? phones[0];
  return {
    type: row.record_type,
    id: row.record_id,
    name: row.name,
    detail: row.detail,
    phone: phone?.number ?? null,
    viewedAt: row.viewed_at.toISOString(),
  };
}
