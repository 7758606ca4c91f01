// The phone settings (/phones): app passwords for CardDAV/CalDAV and what the address book shows.
export const phonePages = {
  settings: () => import('./PhonesPage.tsx'),
};
