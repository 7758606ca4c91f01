// Seeds what the browser tests expect, through the API as the test user: one known contact.
import { request, type FullConfig } from '@playwright/test';
import { seedContact } from './fixtures.ts';

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL ?? 'http://127.0.0.1:3000';
  const email = process.env.FARLEY_E2E_EMAIL;
  const password = process.env.FARLEY_E2E_PASSWORD;
  if (!email || !password) throw new Error('set FARLEY_E2E_EMAIL and FARLEY_E2E_PASSWORD (npm test does)');
  const api = await request.newContext({ baseURL });
  try {
    const login = await api.post('/api/v1/auth/login', { data: { email, password } });
    if (!login.ok()) throw new Error(`sign-in for seeding failed: ${login.status()} ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrfToken };
    const existing = await api.get('/api/v1/contacts', {
      params: { lastName: seedContact.lastName, firstName: seedContact.firstName },
    });
    if (((await existing.json()) as { data: unknown[] }).data.length > 0) return;
    const created = await api.post('/api/v1/contacts', {
      headers,
      data: {
        firstName: seedContact.firstName,
        lastName: seedContact.lastName,
        emails: [{ email: seedContact.email, label: 'work', primary: true }],
        phones: [{ number: seedContact.phone, label: 'office' }],
        addresses: [{ street: 'Hauptstraße 5', postalCode: '10115', city: seedContact.city, country: 'DE' }],
        lifecycleStage: 'customer',
      },
    });
    if (!created.ok()) throw new Error(`seeding the contact failed: ${created.status()} ${await created.text()}`);
  } finally {
    await api.dispose();
  }
}
