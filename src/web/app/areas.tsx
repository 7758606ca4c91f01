// The areas of the app: one entry per navigation item and route. Each page is its own chunk
// (React.lazy), so the sign-in page loads none of them. To give an area its real screens,
// point its `page` at the feature's module; sub-routes go into `children`.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router';

/** Where a signed-in user starts (and returns to from the sign-in page without a destination). */
export const startPath = '/contacts';

export interface Area {
  path: string;
  /** Translation key of the navigation label. */
  label: string;
  page: LazyExoticComponent<ComponentType>;
  children?: RouteObject[];
}

/** The create and edit pages of a record (src/web/features/forms): /<area>/new and /<area>/:id/edit. */
const formRoutes = (load: () => Promise<{ default: ComponentType }>): RouteObject[] => [
  { path: 'new', lazy: async () => ({ Component: (await load()).default }) },
  { path: ':id/edit', lazy: async () => ({ Component: (await load()).default }) },
];

export const areas: Area[] = [
  {
    path: 'contacts',
    label: 'nav.contacts',
    page: lazy(() => import('../features/contacts/ContactsPage.tsx')),
    children: [
      {
        path: ':id',
        lazy: async () => ({ Component: (await import('../features/customer/ContactShow.tsx')).default }),
      },
      ...formRoutes(() => import('../features/forms/ContactForm.tsx')),
    ],
  },
  {
    path: 'companies',
    label: 'nav.companies',
    page: lazy(() => import('../features/lists/CompaniesListPage.tsx')),
    children: [
      {
        path: ':id',
        lazy: async () => ({ Component: (await import('../features/customer/CompanyShow.tsx')).default }),
      },
      ...formRoutes(() => import('../features/forms/CompanyForm.tsx')),
    ],
  },
  {
    path: 'deals',
    label: 'nav.deals',
    page: lazy(() => import('../features/deals/DealsPage.tsx')),
    children: [
      {
        path: 'list',
        lazy: async () => ({ Component: (await import('../features/lists/DealsListPage.tsx')).default }),
      },
      { path: ':id', lazy: async () => ({ Component: (await import('../features/deals/DealShow.tsx')).default }) },
      ...formRoutes(() => import('../features/forms/DealForm.tsx')),
    ],
  },
  {
    path: 'tasks',
    label: 'nav.tasks',
    page: lazy(() => import('../features/tasks/TasksPage.tsx')),
    children: formRoutes(() => import('../features/forms/TaskForm.tsx')),
  },
  {
    path: 'activities',
    label: 'nav.activities',
    page: lazy(() => import('../features/activities/ActivitiesPage.tsx')),
    children: formRoutes(() => import('../features/forms/ActivityForm.tsx')),
  },
  { path: 'trash', label: 'nav.trash', page: lazy(() => import('../features/trash/TrashPage.tsx')) },
];
