// The email accounts area (/mailboxes): the user's mailboxes with their status, and the form
// that connects or changes one. Each page loads as its own chunk when first shown.
export const mailboxPages = {
  list: () => import('./MailboxesPage.tsx'),
  form: () => import('./MailboxFormPage.tsx'),
};
