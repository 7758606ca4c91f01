// Sales KPIs' entry points for other modules (dashboard tiles, jobs): each takes a tenant
// transaction, the workspace and a filter ({from, to, ownerId, teamId}).
export { ownerKpis, salesKpis } from './kpis.sales.ts';
export { revenueKpis } from './kpis.revenue.ts';
export { salesForecast, takeAllForecastSnapshots, takeForecastSnapshot } from './kpis.forecast.ts';
export { type KpiFilter, kpiFilterOf } from './kpis.scope.ts';
