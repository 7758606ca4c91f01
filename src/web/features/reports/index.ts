// The reports area: the report builder (/reports) and the dashboards (/dashboards), each its
// own chunk; ECharts loads only when the first chart is drawn.
export const reportPages = {
  reports: () => import('./ReportsPage.tsx'),
  dashboards: () => import('./DashboardsPage.tsx'),
};
