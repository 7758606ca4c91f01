// The data-quality score of a contact or company: 100 less a penalty for each problem found,
// in four groups — completeness (the fields that matter for the type), validity (phone,
// email, postal code), freshness (no activity and no change for a year) and duplicate
// suspicion (an open pair of the duplicate matcher). The reasons are stable keys that the
// API, the lists' filters and the web app's texts share; see docs/data-quality.md.
import { z } from 'zod';
import type { AddressEntry, EmailEntry, PhoneEntry } from '../../platform/db/schema.ts';
import { germanPostalProblem } from '../../platform/postalcodes.ts';
import { e164Facts } from '../../platform/contactdata.ts';
import type { QualityReason, QualityType } from '../../../contract/quality.ts';

/** How many points each problem costs. */
export const penalties: Record<QualityReason, number> = {
  missing_name: 10,
  missing_email_or_phone: 25,
  missing_company: 10,
  missing_address: 10,
  missing_owner: 10,
  missing_lifecycle_stage: 5,
  missing_website: 10,
  missing_industry: 10,
  invalid_phone: 15,
  invalid_email: 15,
  postal_code_implausible: 10,
  stale: 15,
  possible_duplicate: 20,
};

/** A record without activity and without change for this long is stale. */
export const staleAfterDays = 365;

/** The columns of a record the score reads (both types; a company has no first name…). */
export interface ScoredRow {
  first_name?: string | null;
  lifecycle_stage?: string;
  website?: string | null;
  industry?: string | null;
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  owner_id: string | null;
  last_activity_at: Date | string | null;
  updated_at: Date | string;
}

/** What the score needs beyond the record's own columns. */
export interface ScoreFacts {
  /** A contact: belongs to a live company. */
  hasCompany: boolean;
  /** An open pair of the duplicate matcher with a score of at least 0.8. */
  possibleDuplicate: boolean;
  /** Mail to one of its addresses came back for good (a hard bounce). */
  bouncedEmail?: boolean;
  now: Date;
}

export interface Score {
  quality: number;
  reasons: QualityReason[];
}

const validEmail = z.email();

function invalidPhone(phone: PhoneEntry): boolean {
  if (!phone.e164) return true;
  return !e164Facts(phone.e164).valid;
}

function implausiblePostalCode(address: AddressEntry): boolean {
  if (!address.postalCode || (address.country ?? 'DE') !== 'DE') return false;
  return !/^\d{5}$/.test(address.postalCode) || germanPostalProblem(address.postalCode, address.city) !== null;
}

export function scoreRecord(type: QualityType, row: ScoredRow, facts: ScoreFacts): Score {
  const reasons: QualityReason[] = [];
  const addresses = row.addresses ?? [];
  const emails = row.emails ?? [];
  const phones = row.phones ?? [];
  if (type === 'contacts') {
    if (!row.first_name) reasons.push('missing_name');
    if (emails.length === 0 && phones.length === 0) reasons.push('missing_email_or_phone');
    if (!facts.hasCompany) reasons.push('missing_company');
    if (!addresses.some((a) => a.city)) reasons.push('missing_address');
    if (!row.owner_id) reasons.push('missing_owner');
    // Every contact has a stage; "other" is the one that says nothing about it.
    if (row.lifecycle_stage === 'other') reasons.push('missing_lifecycle_stage');
  } else {
    if (!row.website && !emails.length) reasons.push('missing_website');
    if (emails.length === 0 && phones.length === 0) reasons.push('missing_email_or_phone');
    if (!addresses.some((a) => a.city)) reasons.push('missing_address');
    if (!row.industry) reasons.push('missing_industry');
    if (!row.owner_id) reasons.push('missing_owner');
  }
  if (phones.some(invalidPhone)) reasons.push('invalid_phone');
  if (facts.bouncedEmail || emails.some((e) => !validEmail.safeParse(e.email).success)) reasons.push('invalid_email');
  if (addresses.some(implausiblePostalCode)) reasons.push('postal_code_implausible');
  const lastTouched = Math.max(
    new Date(row.updated_at).getTime(),
    row.last_activity_at ? new Date(row.last_activity_at).getTime() : 0,
  );
  if (facts.now.getTime() - lastTouched > staleAfterDays * 86_400_000) reasons.push('stale');
  if (facts.possibleDuplicate) reasons.push('possible_duplicate');
  const quality = Math.max(0, 100 - reasons.reduce((sum, reason) => sum + penalties[reason], 0));
  return { quality, reasons };
}
