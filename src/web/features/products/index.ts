// The products area: the catalogue's list (/products, columns in productsList.tsx), a product's
// page and its form. Each loads as its own chunk when first shown, so this file imports nothing
// itself; units.ts and price.ts are for quotes and orders to import directly.
export const productPages = {
  list: () => import('./ProductsListPage.tsx'),
  show: () => import('./ProductShow.tsx'),
  form: () => import('./ProductForm.tsx'),
};
