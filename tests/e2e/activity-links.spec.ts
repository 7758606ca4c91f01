// The activities page links each row to the records it belongs to: the contact, company and
// deal pages, labelled with their names.
import { test, expect, signIn, apiAs, unique } from './fixtures.ts';

test('an activity row links to its contact, company and deal pages', async ({ page, request }) => {
  const { post } = await apiAs(request);
  const suffix = unique();
  const company = await post<{ id: string; name: string }>('/companies', { name: `Glaserei ${suffix}` });
  const contact = await post<{ id: string }>('/contacts', { firstName: 'Dora', lastName: `Dietz${suffix}` });
  const deal = await post<{ id: string; title: string }>('/deals', {
    title: `Fenstertausch ${suffix}`,
    companyId: company.id,
  });
  await post('/activities', {
    type: 'visit',
    direction: 'outbound',
    subject: `Vor-Ort-Termin ${suffix}`,
    contactIds: [contact.id],
    companyIds: [company.id],
    dealIds: [deal.id],
  });

  await signIn(page, '/activities');
  const row = page.getByTestId('activity-row').filter({ hasText: `Vor-Ort-Termin ${suffix}` });
  const links = row.getByTestId('activity-links');
  await expect(links.getByRole('link', { name: `Dora Dietz${suffix}` })).toHaveAttribute(
    'href',
    `/contacts/${contact.id}`,
  );
  await expect(links.getByRole('link', { name: company.name })).toHaveAttribute('href', `/companies/${company.id}`);
  await expect(links.getByRole('link', { name: deal.title })).toHaveAttribute('href', `/deals/${deal.id}`);

  await links.getByRole('link', { name: company.name }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
  await expect(page.getByTestId('timeline-entry').filter({ hasText: `Vor-Ort-Termin ${suffix}` })).toBeVisible();
  await page.goBack();
  await row.getByTestId('activity-links').getByRole('link', { name: deal.title }).click();
  await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
  await expect(page.getByTestId('deal-header').getByRole('heading', { name: deal.title })).toBeVisible();
});
