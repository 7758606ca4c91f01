// Rows name their linked records from the entry itself: a record in the trash shows as plain
// text marked as in the trash, with no link and no request for it (a 404 would be a console
// error).
import { test, expect, signIn, apiAs, unique } from './fixtures.ts';

test('an activity linked to a trashed contact names it as in the trash, without a link or a request', async ({
  page,
  request,
}) => {
  const { headers, post } = await apiAs(request);
  const suffix = unique();
  const company = await post<{ id: string; name: string }>('/companies', { name: `Altbau ${suffix}` });
  const kept = await post<{ id: string }>('/contacts', { firstName: 'Kai', lastName: `Kurz${suffix}` });
  const gone = await post<{ id: string }>('/contacts', { firstName: 'Greta', lastName: `Gone${suffix}` });
  for (const person of [kept, gone]) await post(`/contacts/${person.id}/affiliations`, { companyId: company.id });
  await post('/activities', {
    type: 'call',
    direction: 'inbound',
    subject: `Rückruf ${suffix}`,
    contactIds: [kept.id, gone.id],
    companyIds: [company.id],
  });
  const trashed = await request.delete(`/api/v1/contacts/${gone.id}`, { headers });
  expect(trashed.status()).toBe(204);

  const recordRequests: string[] = [];
  page.on('request', (req) => {
    if (/\/api\/v1\/(contacts|companies|deals)\/[0-9a-f-]{36}$/.test(new URL(req.url()).pathname))
      recordRequests.push(req.url());
  });

  await signIn(page, '/activities');
  const links = page
    .getByTestId('activity-row')
    .filter({ hasText: `Rückruf ${suffix}` })
    .getByTestId('activity-links');
  const trashedName = links.getByTestId('link-contact').filter({ hasText: `Greta Gone${suffix}` });
  await expect(trashedName).toHaveText(new RegExp(`Greta Gone${suffix} \\((im Papierkorb|in trash)\\)`));
  await expect(trashedName).toHaveAttribute('data-trashed', 'true');
  await expect(links.getByRole('link', { name: new RegExp(`Greta Gone${suffix}`) })).toHaveCount(0);
  await expect(links.getByRole('link', { name: `Kai Kurz${suffix}` })).toHaveAttribute('href', `/contacts/${kept.id}`);
  await expect(links.getByRole('link', { name: company.name })).toHaveAttribute('href', `/companies/${company.id}`);
  expect(recordRequests).toEqual([]);

  // The company's timeline names the same people, the trashed one without a link.
  await links.getByRole('link', { name: company.name }).click();
  const entry = page.getByTestId('timeline-entry').filter({ hasText: `Rückruf ${suffix}` });
  await expect(entry.getByTestId('link-contact').filter({ hasText: `Greta Gone${suffix}` })).toHaveText(
    /\((im Papierkorb|in trash)\)/,
  );
  await expect(entry.getByRole('link', { name: `Kai Kurz${suffix}` })).toHaveAttribute('href', `/contacts/${kept.id}`);
  await expect(entry.getByRole('link', { name: new RegExp(`Greta Gone${suffix}`) })).toHaveCount(0);
  // Only the company page itself was read; no linked record was fetched one by one.
  expect(recordRequests.filter((url) => !url.endsWith(`/companies/${company.id}`))).toEqual([]);

  // The edit form names the stored links from the activity too, the trashed one marked.
  recordRequests.length = 0;
  await page.goto('/activities');
  await page
    .getByTestId('activity-row')
    .filter({ hasText: `Rückruf ${suffix}` })
    .getByTestId('activity-edit')
    .click();
  await expect(page).toHaveURL(/\/activities\/[0-9a-f-]{36}\/edit$/);
  const form = page.getByTestId('activity-form');
  await expect(form.getByText(new RegExp(`Greta Gone${suffix} \\((im Papierkorb|in trash)\\)`))).toBeVisible();
  await expect(form.getByText(`Kai Kurz${suffix}`, { exact: true })).toBeVisible();
  expect(recordRequests.filter((url) => /\/contacts\//.test(url))).toEqual([]);
});
