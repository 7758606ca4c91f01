// The companies area: the list (/companies, columns in companiesList.ts), a company's page with
// its people, and its form. The app reaches these screens only through here; each loads as its
// own chunk when first shown, so this file imports nothing itself.
export const companyPages = {
  list: () => import('./CompaniesListPage.tsx'),
  show: () => import('./CompanyShow.tsx'),
  form: () => import('./CompanyForm.tsx'),
};
