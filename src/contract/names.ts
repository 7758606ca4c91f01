// How a person's name reads wherever Farley shows it — show pages, lists, pickers, the trash,
// linked records, search and lookup: salutation, title, first and last name, the filled ones
// in that order, one space apart. A contact with neither first nor last name goes by its
// primary email, else its primary phone as entered, else by nothing (''): the web app then
// writes "(ohne Namen)"/"(no name)" in the user's language, which the database cannot know.
// The server builds the same string in SQL (src/server/platform/db/names.ts); a test holds
// the two together.

/** The parts of a person's name, in the order they are written. */
export const personNameParts = ['salutation', 'title', 'firstName', 'lastName'] as const;

type Entry<K extends string> = { readonly [key in K]?: unknown } & { readonly primary?: unknown };

export type PersonNameParts = { readonly [part in (typeof personNameParts)[number]]?: unknown } & {
  readonly emails?: ReadonlyArray<Entry<'email'>> | null;
  readonly phones?: ReadonlyArray<Entry<'number'>> | null;
};

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The primary entry's value (else the first entry's), as the contact's page lists them. */
function primaryOf<K extends string>(list: ReadonlyArray<Entry<K>> | null | undefined, key: K): string {
  const entry = list?.find((e) => e.primary === true) ?? list?.[0];
  const value = entry?.[key];
  return isText(value) ? value : '';
}

/** "Frau Dr. Ida Name"; a missing or empty part is left out; a nameless contact its email or phone, or ''. */
export function personName(person: PersonNameParts): string {
  if (!isText(person.firstName) && !isText(person.lastName))
    return primaryOf(person.emails, 'email') || primaryOf(person.phones, 'number');
  return personNameParts
    .map((part) => person[part])
    .filter(isText)
    .join(' ');
}
