// A call's outcome as the user reads it: the web app stores stable keys (callOutcomes in the
// contract) and translates them; words an API client stored are shown as written.
import type { TFunction } from 'i18next';
import { callOutcomes } from '../../../contract/activities.ts';

export function outcomeLabel(t: TFunction, outcome: string): string {
  return (callOutcomes as readonly string[]).includes(outcome) ? t(`customer.outcome.${outcome}`) : outcome;
}
