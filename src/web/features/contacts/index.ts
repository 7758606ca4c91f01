// The contacts area: the list (/contacts, columns in contactsList.ts), a contact's page and its
// form. The app reaches these screens only through here; each loads as its own chunk when first
// shown, so this file imports nothing itself.
export const contactPages = {
  list: () => import('./ContactsPage.tsx'),
  show: () => import('./ContactShow.tsx'),
  form: () => import('./ContactForm.tsx'),
};
