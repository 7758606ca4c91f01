// A contact's name as the web app shows it: the one rule of the contract (personName: the name,
// else the primary email, else the primary phone), and for a contact without any of them the
// word "(ohne Namen)"/"(no name)" in the user's language, which the server cannot know.
import { personName, type PersonNameParts } from '../../contract/names.ts';

/** A translation function: react-i18next's `t`, or a list column's `context.t`. */
type Translate = (key: string) => string;

/** The contact's name, email or phone, else "(no name)". */
export function shownPersonName(person: PersonNameParts, t: Translate): string {
  return personName(person) || t('contacts.noName');
}

/** A contact's name the server built by the same rule (personNameSql): empty means "(no name)". */
export function shownName(name: string | null | undefined, t: Translate): string {
  return name || t('contacts.noName');
}
