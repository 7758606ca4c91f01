// The price lists area (/price-lists): the lists, and one list with its percentage, validity
// and products' own prices. Each page loads as its own chunk when first shown.
export const priceListPages = {
  list: () => import('./PriceListsPage.tsx'),
  show: () => import('./PriceListPage.tsx'),
};
