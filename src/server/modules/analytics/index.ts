// Analytics' entry points for other modules and the command line: a run of the analyses.
export { runAllAnalytics, runAnalytics, type RunResult } from './analytics.service.ts';
export { readPortfolio } from './analytics.portfolio.ts';
