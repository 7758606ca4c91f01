// The analytics area (/analytics: the latest run, and a new one for managers). Its page loads
// as its own chunk; the customer-value panel of the customer pages is imported from its file.
export const analyticsPages = {
  overview: () => import('./AnalyticsPage.tsx'),
};
