// The quotes area: the list (/quotes) and a quote's editor or read-only view (/quotes/new,
// /quotes/:id). Each loads as its own chunk when first shown.
export const quotePages = {
  list: () => import('./QuotesListPage.tsx'),
  editor: () => import('./QuoteEditor.tsx'),
};
