// The shape of an import row once built (imports.build.ts), apart from the builder, so that the
// writers of single record types (orders/orders.import.ts) use it without a cycle.
import type { ImportRowProblem } from '../../../contract/imports.ts';

/** A row's problem: a code of importRowProblems with its params (the web app's text), and English words. */
export type Problem = ImportRowProblem;

/** What a row refers to by name, email or number; resolved against the database per batch. */
export interface Refs {
  company?: string;
  companyCustomerNumber?: string;
  contact?: string;
  deal?: string;
  pipeline?: string;
  stage?: string;
}

export interface Built {
  /** The create body, validated (zod's output). */
  input: Record<string, unknown>;
  refs: Refs;
  /** A note to attach (the `notes` field of contacts, companies and deals). */
  note: string | null;
  customerNumber: string | null;
  externalId: string | null;
  /** Which field each part of the body came from: 'emails.1' → 'email2'. */
  sources: Record<string, string>;
  /** Consents a contact row brings (the consent fields of the catalogue), recorded after the write. */
  consents?: ImportedConsent[];
}

/** A consent (granted) or a "no" (withdrawn where one was given) for a purpose, from a row. */
export interface ImportedConsent {
  purpose: string;
  granted: boolean;
  /** ISO time from the row, or null (then: the time of the import). */
  at: string | null;
  source: string | null;
}
