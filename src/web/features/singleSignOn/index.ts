// Sign-in through an identity provider (/single-sign-on): the workspace's OpenID Connect settings.
export const singleSignOnPages = {
  settings: () => import('./SingleSignOnPage.tsx'),
};
