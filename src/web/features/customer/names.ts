// How a person's name reads on every page: salutation, title, first and last name.
import type { Contact } from '../../../contract/contacts.ts';

export function fullName(contact: Pick<Contact, 'salutation' | 'title' | 'firstName' | 'lastName'>): string {
  return [contact.salutation, contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ');
}
