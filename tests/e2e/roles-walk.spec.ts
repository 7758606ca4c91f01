// Every page a role reaches asks only what the role may: a viewer, an agent and a manager
// each open every area of their navigation and a customer's, a company's and a deal's page;
// a refused request (403 in the console) fails the test, as any console error does.
import crypto from 'node:crypto';
import { apiAs, signIn, test, unique, expect } from './fixtures.ts';

for (const role of ['viewer', 'agent', 'manager'] as const) {
  test(`a ${role} opens every area and record page without a refused request`, async ({ page, request }) => {
    test.setTimeout(150_000);
    const { post } = await apiAs(request);
    const suffix = unique();
    const password = `Rundgang-${crypto.randomBytes(6).toString('hex')}-Ablage`;
    const email = `rundgang-${role}-${suffix}@farley.example`;
    await post('/users', { email, name: `Rundgang ${role} ${suffix}`, role, password });
    const company = await post<{ id: string }>('/companies', { name: `Rundgang ${suffix} GmbH` });
    const contact = await post<{ id: string }>('/contacts', { firstName: 'Petra', lastName: `Rundgang ${suffix}` });
    await post(`/contacts/${contact.id}/affiliations`, { companyId: company.id });
    const deal = await post<{ id: string }>('/deals', {
      title: `Rundgang ${suffix}`,
      companyId: company.id,
      contactId: contact.id,
    });

    await signIn(page, '/', { email, password });
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link').first()).toBeVisible();
    const areas = new Set<string>();
    for (const link of await nav.getByRole('link').all()) {
      const href = await link.getAttribute('href');
      if (href?.startsWith('/')) areas.add(href);
    }
    expect(areas.size).toBeGreaterThan(5);
    for (const path of [...areas, `/contacts/${contact.id}`, `/companies/${company.id}`, `/deals/${deal.id}`]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('main'), path).toBeVisible();
    }
  });
}
