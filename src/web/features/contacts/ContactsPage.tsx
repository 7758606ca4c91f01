// The contacts list: the shared list screen (virtualised, filters, views, bulk actions)
// with the contacts' columns.
import { RecordList } from '../lists/RecordList.tsx';
import { contactsConfig } from './contactsList.ts';

export default function ContactsPage() {
  return <RecordList config={contactsConfig} />;
}
