// My account (/account): name and language, password, sessions, tokens and app passwords.
export const accountPages = {
  account: () => import('./AccountPage.tsx'),
};
