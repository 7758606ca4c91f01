// The activities area: the list (/activities) and the form. The app reaches these screens only
// through here; each loads as its own chunk when first shown, so this file imports nothing itself.
export const activityPages = {
  list: () => import('./ActivitiesPage.tsx'),
  form: () => import('./ActivityForm.tsx'),
};
