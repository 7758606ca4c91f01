// Email in the web app: the "E-Mails" page (its chunk loads when first shown), the panel of the
// customer pages (a record's mail, "New email", the conversation in a drawer) and the search of
// mail the global search asks beside records.
export const emailPages = {
  inbox: () => import('./InboxPage.tsx'),
};
export { EmailsPanel } from './EmailsPanel.tsx';
export { searchEmails, emailPath } from './emailSearch.ts';
