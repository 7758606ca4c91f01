// What the API shows of consents: an entry of the history, the state derived from it, a purpose.
import type { ConsentEntry, ConsentPurpose, ConsentState } from '../../../contract/consents.ts';
import { builtInPurposes } from '../../../contract/consents.ts';
import type { Row } from '../../platform/presenting.ts';
import type { ConsentRow } from './consents.repository.ts';

export function presentConsent(row: ConsentRow): ConsentEntry {
  return {
    id: row.id,
    contactId: row.contact_id,
    purpose: row.purpose,
    channel: row.channel,
    legalBasis: row.legal_basis,
    status: row.status,
    effectiveAt: row.effective_at.toISOString(),
    method: row.method,
    wording: row.wording,
    source: row.source,
    ipAddress: row.ip,
    note: row.note,
    importId: row.import_id,
    recordedBy: row.recorded_by,
    recordedByName: row.recorded_by_name,
    recordedAt: row.recorded_at.toISOString(),
  };
}

/**
 * The current state per purpose: the entry with the latest effectiveAt decides, and of two
 * with the same time the later recorded. A withdrawal recorded today for last week therefore
 * beats a consent recorded yesterday for last month, as it should; one back-dated before a
 * newer consent does not undo it.
 */
export function currentConsents(history: ConsentEntry[]): ConsentState[] {
  const latest = new Map<string, ConsentEntry>();
  for (const entry of history) {
    const seen = latest.get(entry.purpose);
    if (
      !seen ||
      entry.effectiveAt > seen.effectiveAt ||
      (entry.effectiveAt === seen.effectiveAt && entry.recordedAt > seen.recordedAt)
    )
      latest.set(entry.purpose, entry);
  }
  return [...latest.values()]
    .sort((a, b) => a.purpose.localeCompare(b.purpose))
    .map((entry) => ({
      purpose: entry.purpose,
      status: entry.status,
      legalBasis: entry.legalBasis,
      channel: entry.channel,
      since: entry.effectiveAt,
      consentId: entry.id,
    }));
}

export function presentPurposes(own: Array<Row<'consent_purposes'>>): ConsentPurpose[] {
  return [
    ...builtInPurposes.map((p) => ({ ...p, label: null, description: null, builtIn: true })),
    ...own.map((row) => ({
      key: row.key,
      label: row.label,
      description: row.description,
      builtIn: false,
      channel: row.channel,
      legalBasis: row.legal_basis,
    })),
  ];
}
