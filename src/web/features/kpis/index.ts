// The sales KPIs area (/kpis): pipeline, win rate, cycle, conversion, revenue and forecast.
export const kpiPages = {
  overview: () => import('./KpisPage.tsx'),
};
