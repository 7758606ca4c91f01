// Confidential notes in the browser, in German: the admin writes a note marked "Vertraulich"
// on a contact's page and the timeline shows it with a lock badge; with confidential notes
// hidden from partners, a partner on the same contact sees the other notes but not that one.
// Only the partner role's rule is touched (no other spec relies on it), and taken out again.
import { apiAs, expect, signIn, test, unique } from './fixtures.ts';

type Rules = { rules: unknown[]; fields: Array<{ role: string; recordType: string; field: string; access: string }> };
const isOurs = (f: Rules['fields'][number]) =>
  f.role === 'partner' && f.recordType === 'activity' && f.field === 'confidential';

test('a confidential note carries a lock badge and stays hidden from a partner without access to it', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const { post } = await apiAs(page.request);
  const suffix = unique();
  const password = `Vertraulich-${suffix}-Zugang`;
  const partner = await post<{ id: string; email: string }>('/users', {
    email: `mara.sommer-${suffix}@autohaus-berger.example`,
    name: 'Mara Sommer',
    role: 'partner',
    password,
  });
  await post('/teams', { name: `Autohaus Sommer ${suffix}`, partner: true, memberIds: [partner.id] });
  const contact = await post<{ id: string }>('/contacts', {
    firstName: 'Ida',
    lastName: `Diskret ${suffix}`,
    ownerId: partner.id,
  });
  await post('/activities', { type: 'note', subject: `Offene Notiz ${suffix}`, contactIds: [contact.id] });

  await signIn(page, `/contacts/${contact.id}`);
  const quick = page.getByTestId('quick-entry');
  await quick.getByText('Notiz', { exact: true }).click();
  await quick.getByRole('textbox', { name: 'Betreff' }).fill(`Gehaltswunsch ${suffix}`);
  await quick.getByRole('checkbox', { name: 'Vertraulich' }).check();
  await quick.getByRole('button', { name: 'Speichern' }).click();
  const secret = page.getByTestId('timeline-entry').filter({ hasText: `Gehaltswunsch ${suffix}` });
  await expect(secret.getByTestId('confidential-badge')).toHaveText('Vertraulich');
  await page.reload();
  await expect(secret.getByTestId('confidential-badge')).toBeVisible();
  await expect(
    page
      .getByTestId('timeline-entry')
      .filter({ hasText: `Offene Notiz ${suffix}` })
      .getByTestId('confidential-badge'),
  ).toHaveCount(0);

  // The access page lists the new row; the rule itself is set through the API (one field only).
  await page.goto('/access');
  await expect(page.getByTestId('access-fields')).toContainText('Vertrauliche Notizen');
  const admin = await apiAs(page.request);
  const current: Rules = await (await page.request.get('/api/v1/access-rules')).json();
  const hidden = await page.request.put('/api/v1/access-rules', {
    headers: admin.headers,
    data: {
      ...current,
      fields: [
        ...current.fields.filter((f) => !isOurs(f)),
        { role: 'partner', recordType: 'activity', field: 'confidential', access: 'hidden' },
      ],
    },
  });
  expect(hidden.ok(), await hidden.text()).toBe(true);
  try {
    const context = await browser.newContext({ locale: 'de-DE' });
    const partnerPage = await context.newPage();
    await partnerPage.addInitScript(() => localStorage.setItem('farley.language', 'de'));
    await signIn(partnerPage, `/contacts/${contact.id}`, { email: partner.email, password });
    await expect(partnerPage.getByRole('heading', { name: /Ida Diskret/ })).toBeVisible();
    await expect(partnerPage.getByTestId('timeline-entry').filter({ hasText: `Offene Notiz ${suffix}` })).toBeVisible();
    await expect(partnerPage.getByText(`Gehaltswunsch ${suffix}`)).toHaveCount(0);
    await context.close();
  } finally {
    // Only this spec's rule goes; whatever else the workspace holds now stays.
    const again = await apiAs(page.request);
    const now: Rules = await (await page.request.get('/api/v1/access-rules')).json();
    const restored = await page.request.put('/api/v1/access-rules', {
      headers: again.headers,
      data: { ...now, fields: now.fields.filter((f) => !isOurs(f)) },
    });
    expect(restored.ok(), await restored.text()).toBe(true);
  }
});
