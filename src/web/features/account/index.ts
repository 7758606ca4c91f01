// The user's own account (/account), and the two-factor setup a workspace's rule asks for first.
export const accountPages = {
  account: () => import('./AccountPage.tsx'),
  twoFactorRequired: () => import('./TwoFactorRequiredPage.tsx'),
};
