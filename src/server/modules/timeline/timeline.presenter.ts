// What a record's timeline shows of a deal's stage change (activities and tasks come with
// their own presenters).
import type { TimelineEntry } from '../../../contract/timeline.ts';
import type { StageChangeRow } from './timeline.repository.ts';

export function presentStageChangeEntry(change: StageChangeRow, at: string): TimelineEntry {
  return {
    kind: 'stage_change',
    id: change.id,
    at,
    dealId: change.deal_id,
    dealTitle: change.deal_title,
    fromStageId: change.from_stage_id,
    fromStageName: change.from_stage_name,
    toStageId: change.to_stage_id,
    toStageName: change.to_stage_name,
    changedBy: change.changed_by,
  };
}
