// The deals area: the pipeline board (/deals), the list (/deals/list, columns in dealsList.ts),
// a deal's page and its form. The app reaches these screens only through here; each loads as its
// own chunk when first shown, so this file imports nothing itself.
export const dealPages = {
  board: () => import('./DealsPage.tsx'),
  list: () => import('./DealsListPage.tsx'),
  show: () => import('./DealShow.tsx'),
  form: () => import('./DealForm.tsx'),
};

/** The new-deal dialog for a customer page, pre-filled with the customer. */
export const customerNewDeal = () => import('./CustomerNewDeal.tsx');
