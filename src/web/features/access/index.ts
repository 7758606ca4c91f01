// Record- and field-level access (/access): which records each role sees and changes, and
// which sensitive fields it may not see or change. Admins keep it; everyone may read it.
export const accessPages = {
  settings: () => import('./AccessPage.tsx'),
};
