// The imports area: the history of imports (/imports), the wizard (/imports/new) and one
// import's progress or result (/imports/:id). Each loads as its own chunk when first shown.
export const importPages = {
  list: () => import('./ImportsPage.tsx'),
  wizard: () => import('./ImportWizard.tsx'),
  run: () => import('./ImportRunPage.tsx'),
};
