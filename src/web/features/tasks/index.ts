// The tasks area: the list (/tasks) and the form. The app reaches these screens only through
// here; each loads as its own chunk when first shown, so this file imports nothing itself.
export const taskPages = {
  list: () => import('./TasksPage.tsx'),
  form: () => import('./TaskForm.tsx'),
};
