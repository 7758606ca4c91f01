// Global search on Ctrl/Cmd-K: umlaut-tolerant hits as you type, grouped by type; every hit
// opens its own record (contact, company, deal page) by click or Enter.
import { apiAs, test, expect, signIn, seedContact, unique } from './fixtures.ts';

test('Ctrl-K and "muller" find the seeded Müller, and Enter opens the contact', async ({ page }) => {
  await signIn(page);
  await page.keyboard.press('Control+k');
  const input = page.getByRole('combobox', { name: 'Search contacts, companies, deals and emails' });
  await expect(input).toBeFocused();
  await input.fill('muller');
  const contacts = page.getByRole('group', { name: 'Contacts' });
  const hit = contacts.getByRole('option', { name: new RegExp(`${seedContact.firstName} ${seedContact.lastName}`) });
  await expect(hit).toBeVisible();
  await expect(page.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  // Enter opens the chosen hit: the first one, which must be Müller for this query.
  await expect(page.getByRole('option').first()).toContainText(seedContact.lastName);
  await input.press('Enter');
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('global-search-input')).toHaveCount(0);
});

test('the search button opens the search, and a query without hits says so', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('search-open').click();
  const input = page.getByTestId('global-search-input');
  await input.fill('zzqxy-nothing-like-this');
  await expect(page.getByTestId('global-search-empty')).toBeVisible();
  await input.press('Escape');
  await expect(input).toHaveCount(0);
});

test('a company hit opens the company page and a deal hit the deal page, by click and by Enter', async ({
  page,
  request,
}) => {
  const admin = await apiAs(request);
  const suffix = unique();
  const company = await admin.post<{ id: string }>('/companies', { name: `Kesselbau Quandt ${suffix}` });
  const deal = await admin.post<{ id: string }>('/deals', {
    title: `Kesselanlage Quandt ${suffix}`,
    companyId: company.id,
  });
  await signIn(page);

  await page.keyboard.press('Control+k');
  const input = page.getByTestId('global-search-input');
  await input.fill(`Kesselbau Quandt ${suffix}`);
  await page
    .getByRole('group', { name: 'Companies' })
    .getByRole('option', { name: new RegExp(`Kesselbau Quandt ${suffix}`) })
    .click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
  await expect(page.getByRole('heading', { name: `Kesselbau Quandt ${suffix}` })).toBeVisible();

  await page.getByTestId('search-open').click();
  await page.getByTestId('global-search-input').fill(`Kesselanlage Quandt ${suffix}`);
  const dealHit = page
    .getByRole('group', { name: 'Deals' })
    .getByRole('option', { name: new RegExp(`Kesselanlage Quandt ${suffix}`) });
  await expect(dealHit).toBeVisible();
  await expect(page.getByRole('option').first()).toContainText('Kesselanlage');
  await page.getByTestId('global-search-input').press('Enter');
  await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
  await expect(page.getByRole('heading', { name: `Kesselanlage Quandt ${suffix}` })).toBeVisible();
});
