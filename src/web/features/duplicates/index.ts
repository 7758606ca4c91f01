// Duplicates: the page of likely pairs with the merge dialog, loaded as its own chunk when
// first shown. The create forms take the warning from DuplicateWarning.tsx directly.
export const duplicatePages = {
  list: () => import('./DuplicatesPage.tsx'),
};
