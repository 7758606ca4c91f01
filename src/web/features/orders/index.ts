// The orders area: the list (/orders), an order's page, and the form that enters one. Each
// loads as its own chunk when first shown, so this file imports nothing itself.
export const orderPages = {
  list: () => import('./OrdersListPage.tsx'),
  show: () => import('./OrderShow.tsx'),
  form: () => import('./OrderForm.tsx'),
};
