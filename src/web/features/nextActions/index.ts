// Next best actions in the web app: the panel of a customer's page, the daily list of the start
// page and the figures of the analytics page.
export { NextActionsPanel } from './NextActionsPanel.tsx';
export { NextActionList } from './NextActionList.tsx';
export { NextActionStatsTable } from './NextActionStatsTable.tsx';
export { fetchNextActions, nextActionKeys } from './nextActionsApi.ts';
