// How a person's name reads wherever Farley shows it — show pages, lists, pickers, the trash,
// linked records, search and lookup: salutation, title, first and last name, the filled ones
// in that order, one space apart. The server builds the same string in SQL
// (src/server/platform/db/names.ts); a test holds the two together.

/** The parts of a person's name, in the order they are written. */
export const personNameParts = ['salutation', 'title', 'firstName', 'lastName'] as const;

export type PersonNameParts = { readonly [part in (typeof personNameParts)[number]]?: unknown };

/** "Frau Dr. Ida Name"; a missing or empty part is left out. */
export function personName(person: PersonNameParts): string {
  return personNameParts
    .map((part) => person[part])
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .join(' ');
}
