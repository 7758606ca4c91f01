// The areas of the app: one entry per navigation item and route. Each page is its own chunk
// (React.lazy), so the sign-in page loads none of them. To give an area its real screens,
// point its `page` at the domain's pages (features/<domain>/index.ts); sub-routes go into `children`.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router';
import { activityPages } from '../features/activities/index.ts';
import { companyPages } from '../features/companies/index.ts';
import { contactPages } from '../features/contacts/index.ts';
import { dealPages } from '../features/deals/index.ts';
import { duplicatePages } from '../features/duplicates/index.ts';
import { emailPages } from '../features/emails/index.ts';
import { importPages } from '../features/imports/index.ts';
import { productPages } from '../features/products/index.ts';
import { letterheadPages } from '../features/letterhead/index.ts';
import { quotePages } from '../features/quotes/index.ts';
import { orderPages } from '../features/orders/index.ts';
import { analyticsPages } from '../features/analytics/index.ts';
import { reportPages } from '../features/reports/index.ts';
import { kpiPages } from '../features/kpis/index.ts';
import { taskPages } from '../features/tasks/index.ts';
import { calendarPages } from '../features/calendar/index.ts';
import { priceListPages } from '../features/priceLists/index.ts';
import { todayPages } from '../features/today/index.ts';
import { mailboxPages } from '../features/mailboxes/index.ts';
import { emailTemplatePages } from '../features/emailTemplates/index.ts';
import { phonePages } from '../features/phones/index.ts';
import { accessPages } from '../features/access/index.ts';
import { singleSignOnPages } from '../features/singleSignOn/index.ts';
import { accountPages } from '../features/account/index.ts';
import { userPages } from '../features/users/index.ts';
import { teamPages } from '../features/teams/index.ts';
import { privacyPages } from '../features/privacy/index.ts';

/** Where a signed-in user starts (and returns to from the sign-in page without a destination). */
export const startPath = '/today';

export interface Area {
  path: string;
  /** Translation key of the navigation label. */
  label: string;
  page: LazyExoticComponent<ComponentType>;
  children?: RouteObject[];
  /** Reached from elsewhere (the user menu), not from the navigation. */
  hidden?: boolean;
  /** In the navigation only for roles that may this (`may` of GET /auth/me): the page would be refused. */
  needs?: readonly [action: string, resource: string];
}

/**
 * What partners (external dealers and agencies) find in the navigation: their customers and
 * the work on them. Everything else answers them 403 (platform/policy.ts, partnerResources).
 */
export const partnerAreas: ReadonlySet<string> = new Set([
  'today',
  'calendar',
  'contacts',
  'companies',
  'deals',
  'tasks',
  'activities',
]);

type Load = () => Promise<{ default: ComponentType }>;

/** A sub-route whose page loads when first shown. */
const route = (path: string, load: Load): RouteObject => ({
  path,
  lazy: async () => ({ Component: (await load()).default }),
});

/** The create and edit pages of a record (its domain's form): /<area>/new and /<area>/:id/edit. */
const formRoutes = (load: Load): RouteObject[] => [route('new', load), route(':id/edit', load)];

export const areas: Area[] = [
  { path: 'today', label: 'nav.today', page: lazy(todayPages.start) },
  { path: 'calendar', label: 'nav.calendar', page: lazy(calendarPages.calendar) },
  {
    path: 'contacts',
    label: 'nav.contacts',
    page: lazy(contactPages.list),
    children: [route(':id', contactPages.show), ...formRoutes(contactPages.form)],
  },
  {
    path: 'companies',
    label: 'nav.companies',
    page: lazy(companyPages.list),
    children: [route(':id', companyPages.show), ...formRoutes(companyPages.form)],
  },
  {
    path: 'deals',
    label: 'nav.deals',
    page: lazy(dealPages.board),
    children: [route('list', dealPages.list), route(':id', dealPages.show), ...formRoutes(dealPages.form)],
  },
  {
    path: 'quotes',
    label: 'nav.quotes',
    page: lazy(quotePages.list),
    children: [route('new', quotePages.editor), route(':id', quotePages.editor)],
  },
  {
    path: 'orders',
    label: 'nav.orders',
    page: lazy(orderPages.list),
    children: [route('new', orderPages.form), route(':id', orderPages.show)],
  },
  {
    path: 'products',
    label: 'nav.products',
    page: lazy(productPages.list),
    children: [route(':id', productPages.show), ...formRoutes(productPages.form)],
  },
  {
    path: 'price-lists',
    label: 'nav.priceLists',
    page: lazy(priceListPages.list),
    children: [route(':id', priceListPages.show)],
  },
  { path: 'analytics', label: 'nav.analytics', page: lazy(analyticsPages.overview) },
  { path: 'reports', label: 'nav.reports', page: lazy(reportPages.reports) },
  { path: 'dashboards', label: 'nav.dashboards', page: lazy(reportPages.dashboards) },
  { path: 'kpis', label: 'nav.kpis', page: lazy(kpiPages.overview) },
  { path: 'emails', label: 'nav.emails', page: lazy(emailPages.inbox) },
  { path: 'tasks', label: 'nav.tasks', page: lazy(taskPages.list), children: formRoutes(taskPages.form) },
  {
    path: 'activities',
    label: 'nav.activities',
    page: lazy(activityPages.list),
    children: formRoutes(activityPages.form),
  },
  { path: 'duplicates', label: 'nav.duplicates', page: lazy(duplicatePages.list) },
  {
    path: 'imports',
    label: 'nav.imports',
    page: lazy(importPages.list),
    children: [route('new', importPages.wizard), route(':id', importPages.run)],
  },
  { path: 'lookup', label: 'nav.lookup', page: lazy(() => import('../features/lookup/LookupPage.tsx')) },
  {
    path: 'data-quality',
    label: 'nav.dataQuality',
    page: lazy(() => import('../features/quality/DataQualityPage.tsx')),
  },
  { path: 'letterhead', label: 'nav.letterhead', page: lazy(letterheadPages.settings) },
  {
    path: 'mailboxes',
    label: 'nav.mailboxes',
    page: lazy(mailboxPages.list),
    children: formRoutes(mailboxPages.form),
  },
  {
    path: 'email-templates',
    label: 'nav.emailTemplates',
    page: lazy(emailTemplatePages.list),
    children: [route('new', emailTemplatePages.editor), route(':id', emailTemplatePages.editor)],
  },
  { path: 'phones', label: 'nav.phones', page: lazy(phonePages.settings) },
  { path: 'access', label: 'nav.access', page: lazy(accessPages.settings) },
  {
    path: 'single-sign-on',
    label: 'nav.singleSignOn',
    page: lazy(singleSignOnPages.settings),
    needs: ['read', 'oidcSettings'],
  },
  { path: 'users', label: 'nav.users', page: lazy(userPages.list) },
  { path: 'teams', label: 'nav.teams', page: lazy(teamPages.list) },
  { path: 'account', label: 'account.title', page: lazy(accountPages.account), hidden: true },
  { path: 'privacy', label: 'nav.privacy', page: lazy(privacyPages.settings) },
  { path: 'trash', label: 'nav.trash', page: lazy(() => import('../features/trash/TrashPage.tsx')) },
];
