// What the API shows of a lost reason.
import type { LostReason } from '../../../contract/lostReasons.ts';
import type { Row } from '../../platform/presenting.ts';

export function presentLostReason(row: Row<'lost_reasons'>): LostReason {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    position: row.position,
    active: row.active,
    version: row.version,
  };
}
