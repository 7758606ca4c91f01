// The customer page of a company: key facts and contact data, its people with buying-centre
// roles (one changed in place), a call logged on the company, a person's activity on the
// company timeline, in-place editing with the server's message, the timeline filter kept in the
// URL, the way back and forth between contact and company, phone width and the keyboard; the
// compact people list, removing a person through the row menu, adding one with a role.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique, expectNoSidewaysScroll } from './fixtures.ts';

interface Company {
  id: string;
  name: string;
}
interface Contact {
  id: string;
}

// Seeding, sign-in and many steps per test: generous budget for a busy machine.
test.describe.configure({ timeout: 90_000 });

/** A company with two people (one a decision maker) and a call with one of them. */
async function seedCompany(request: APIRequestContext, tag: string) {
  const { post } = await apiAs(request);
  const suffix = unique();
  const company = await post<Company>('/companies', {
    name: `Bäckerei ${tag} ${suffix}`,
    legalForm: 'GmbH',
    industry: 'Lebensmittel',
    website: 'baeckerei-example.de',
    emails: [{ email: `info.${suffix}@example.de`, primary: true }],
    phones: [{ number: '030 9876543', label: 'office' }],
    addresses: [{ street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE', primary: true }],
  });
  const anna = await post<Contact>('/contacts', { firstName: 'Anna', lastName: `Adler${suffix}` });
  const bernd = await post<Contact>('/contacts', { firstName: 'Bernd', lastName: `Brandt${suffix}` });
  await post(`/contacts/${anna.id}/affiliations`, {
    companyId: company.id,
    jobTitle: 'Geschäftsführerin',
    buyingRole: 'decision_maker',
  });
  await post(`/contacts/${bernd.id}/affiliations`, { companyId: company.id, jobTitle: 'Einkauf' });
  await post('/activities', {
    type: 'meeting',
    direction: 'outbound',
    subject: `Besuch bei Anna ${suffix}`,
    contactIds: [anna.id],
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
  });
  return { company, anna, bernd, suffix, post };
}

/** Presses Tab until `target` has the focus: proves it is reachable with the keyboard alone. */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`not reachable with Tab within ${limit} steps`);
}

test('the company page shows key facts and people with roles, edits a role, and logs a call onto the timeline', async ({
  page,
  request,
}) => {
  const { company, anna, bernd, suffix } = await seedCompany(request, 'Kern');
  await signIn(page, `/companies/${company.id}`);

  const header = page.getByTestId('company-header');
  await expect(header.getByRole('heading', { name: company.name })).toBeVisible();
  await expect(header.getByTestId('value-industry')).toHaveText('Lebensmittel');
  await expect(header.getByRole('link', { name: 'baeckerei-example.de' })).toHaveAttribute(
    'href',
    'https://baeckerei-example.de',
  );
  await expect(header.locator('a[href="tel:+49309876543"]')).toBeVisible();
  await expect(header.locator(`a[href="mailto:info.${suffix}@example.de"]`)).toBeVisible();
  await expect(page.getByTestId('company-address')).toHaveText('Hauptstraße 1, 10115 Berlin, DE');

  // The people, with job title and role; each name opens the person's page.
  const people = page.getByTestId('company-people');
  const annaRow = people.getByTestId('company-person').filter({ hasText: `Anna Adler${suffix}` });
  const berndRow = people.getByTestId('company-person').filter({ hasText: `Bernd Brandt${suffix}` });
  await expect(annaRow).toContainText('Geschäftsführerin');
  await expect(annaRow.getByTestId('buying-role')).toHaveValue('Decision maker');
  await expect(berndRow.getByTestId('buying-role')).toHaveValue('');
  await expect(annaRow.getByRole('link')).toHaveAttribute('href', `/contacts/${anna.id}`);

  // A role chosen in place is saved on the affiliation.
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes(`/contacts/${bernd.id}/affiliations/`),
  );
  await berndRow.getByTestId('buying-role').click();
  await page.getByRole('option', { name: 'Champion', exact: true }).click();
  expect((await saved).status()).toBe(200);
  await expect(berndRow.getByTestId('buying-role')).toHaveValue('Champion');
  const affiliations = (await (await request.get(`/api/v1/contacts/${bernd.id}/affiliations`)).json()) as {
    data: { buyingRole: string }[];
  };
  expect(affiliations.data[0]!.buyingRole).toBe('champion');

  // Anna's meeting (linked to her only) is on the company's timeline.
  const timeline = page.getByTestId('timeline');
  const meeting = timeline.getByTestId('timeline-entry').filter({ hasText: `Besuch bei Anna ${suffix}` });
  await expect(meeting).toBeVisible();
  // It names Anna (linking to her page) and counts as the company's last contact.
  await expect(meeting.getByTestId('link-contact')).toHaveText(`Anna Adler${suffix}`);
  await expect(meeting.getByTestId('link-contact')).toHaveAttribute('href', `/contacts/${anna.id}`);
  await expect(page.getByTestId('figure-last-contact')).not.toContainText('Never');

  // A call logged here is linked to the company and tops its timeline.
  const quick = page.getByTestId('quick-entry');
  await quick.getByText('Call', { exact: true }).click();
  await quick.getByRole('textbox', { name: 'Subject' }).fill(`Anruf Zentrale ${suffix}`);
  await quick.getByRole('button', { name: 'Save' }).click();
  await expect(timeline.getByTestId('timeline-entry').first()).toContainText(`Anruf Zentrale ${suffix}`);
  await expect(page.getByTestId('figure-last-contact')).not.toContainText('Never');
  const calls = (await (await request.get(`/api/v1/activities?companyId=${company.id}&type=call`)).json()) as {
    data: { subject: string }[];
  };
  expect(calls.data.map((entry) => entry.subject)).toContain(`Anruf Zentrale ${suffix}`);

  // From the person to their page, and back through their company.
  await annaRow.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${anna.id}$`));
  await page
    .getByTestId('contact-companies')
    .getByRole('link', { name: new RegExp(company.name) })
    .click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
  await expect(header.getByRole('heading', { name: company.name })).toBeVisible();
});

test("company fields are edited in place with the server's message at the field", async ({
  page,
  request,
  consoleErrors,
}) => {
  const { company } = await seedCompany(request, 'Feld');
  await signIn(page, `/companies/${company.id}`);
  const header = page.getByTestId('company-header');

  await header.getByRole('button', { name: 'Edit Industry' }).click();
  await header.getByRole('textbox', { name: 'Industry' }).fill('Handwerk');
  await header.getByRole('button', { name: 'Save' }).click();
  await expect(header.getByTestId('value-industry')).toHaveText('Handwerk');

  await header.getByRole('button', { name: 'Edit Website' }).click();
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/companies/${company.id}`),
  );
  await header.getByRole('textbox', { name: 'Website' }).fill('keine adresse');
  await header.getByRole('button', { name: 'Save' }).click();
  const response = await answer;
  expect([400, 422]).toContain(response.status());
  const problem = (await response.json()) as { errors: { path: string; message: string }[] };
  const message = problem.errors.find((error) => error.path.endsWith('website'))?.message;
  expect(message).toBeTruthy();
  await expect(page.getByTestId('edit-website')).toContainText(message!);
  await expect(header.getByRole('textbox', { name: 'Website' })).toHaveAttribute('aria-invalid', 'true');

  const stored = (await (await request.get(`/api/v1/companies/${company.id}`)).json()) as {
    industry: string;
    website: string;
  };
  expect(stored).toMatchObject({ industry: 'Handwerk', website: 'baeckerei-example.de' });
  for (let index = consoleErrors.length - 1; index >= 0; index -= 1)
    if (/status of (400|422)/.test(consoleErrors[index]!)) consoleErrors.splice(index, 1);
});

test('one timeline filter control filters by kind, channel and direction, keeps its state in the URL and works with the keyboard', async ({
  page,
  request,
}) => {
  const { company, post, suffix } = await seedCompany(request, 'Filter');
  await post('/activities', {
    type: 'note',
    direction: 'internal',
    subject: `Notiz ${suffix}`,
    companyIds: [company.id],
  });
  await post('/activities', {
    type: 'call',
    direction: 'inbound',
    subject: `Rückruf ${suffix}`,
    companyIds: [company.id],
  });
  await post('/tasks', {
    title: `Angebot schicken ${suffix}`,
    companyIds: [company.id],
    dueAt: new Date(Date.now() + 86400_000).toISOString(),
  });
  await signIn(page, `/companies/${company.id}`);

  const timeline = page.getByTestId('timeline');
  const entries = timeline.getByTestId('timeline-entry');
  await expect(entries.filter({ hasText: `Notiz ${suffix}` })).toBeVisible();
  await expect(entries.filter({ hasText: `Angebot schicken ${suffix}` })).toBeVisible();
  await expect(page.getByTestId('record-tasks')).toContainText(`Angebot schicken ${suffix}`);

  // One control instead of rows of chips; it names the active filter.
  const filter = timeline.getByRole('combobox', { name: 'Filter the timeline' });
  await expect(timeline.getByRole('checkbox')).toHaveCount(0);
  await filter.click();
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByText('Kind', { exact: true })).toBeVisible();
  await expect(listbox.getByText('Channel', { exact: true })).toBeVisible();
  await expect(listbox.getByText('Direction', { exact: true })).toBeVisible();
  await listbox.getByRole('option', { name: 'Call', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/channels=call/);
  await expect(page.getByTestId('timeline-filter')).toContainText('Call');
  await expect(entries.filter({ hasText: `Rückruf ${suffix}` })).toBeVisible();
  await expect(entries.filter({ hasText: `Notiz ${suffix}` })).toHaveCount(0);
  await expect(entries.filter({ hasText: `Besuch bei Anna ${suffix}` })).toHaveCount(0);

  // The state survives a reload (it lives in the URL).
  await page.reload();
  await expect(page.getByTestId('company-header')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('timeline-filter')).toContainText('Call');
  await expect(entries.filter({ hasText: `Rückruf ${suffix}` })).toBeVisible();
  await expect(entries.filter({ hasText: `Notiz ${suffix}` })).toHaveCount(0);
  await filter.focus();
  await page.keyboard.press('Backspace');
  await expect(page).not.toHaveURL(/channels=/);
  await expect(entries.filter({ hasText: `Notiz ${suffix}` })).toBeVisible();

  // Direction with the keyboard alone: type to find it, Enter picks it.
  await filter.focus();
  await page.keyboard.type('Internal');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/directions=internal/);
  await expect(entries.filter({ hasText: `Notiz ${suffix}` })).toBeVisible();
  await expect(entries.filter({ hasText: `Rückruf ${suffix}` })).toHaveCount(0);
  await filter.focus();
  await page.keyboard.press('Backspace');
  await expect(page).not.toHaveURL(/directions=/);

  // Kind: tasks only.
  await filter.click();
  await page.getByRole('option', { name: 'Tasks', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/kinds=task/);
  await expect(entries.filter({ hasText: `Angebot schicken ${suffix}` })).toBeVisible();
  await expect(entries.filter({ hasText: `Notiz ${suffix}` })).toHaveCount(0);
});

test('the company page fits a phone screen and its fields are reachable with the keyboard', async ({
  page,
  request,
}) => {
  const { company, suffix } = await seedCompany(request, 'Handy');
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, `/companies/${company.id}`);
  const header = page.getByTestId('company-header');
  await expect(header.getByRole('heading', { name: company.name })).toBeVisible();
  await expect(page.getByTestId('company-person').first()).toBeVisible();
  await expect(page.getByTestId('timeline-entry').filter({ hasText: `Besuch bei Anna ${suffix}` })).toBeVisible();

  await expectNoSidewaysScroll(page);

  // Keyboard alone: reach the industry's edit button, open it with Enter, type, save with Enter.
  const edit = header.getByRole('button', { name: 'Edit Industry' });
  await page.getByTestId('company-header').getByRole('heading').click();
  await tabTo(page, edit);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Konditorei');
  await page.keyboard.press('Enter');
  await expect(header.getByTestId('value-industry')).toHaveText('Konditorei');
});

test('a long people list is a compact table; a person is taken off through the row menu after a confirmation', async ({
  page,
  request,
}) => {
  const { company, bernd, suffix, post } = await seedCompany(request, 'Lösen');
  for (const name of ['Carla', 'Dora', 'Emil', 'Fritz', 'Gerd', 'Hanna']) {
    const person = await post<Contact>('/contacts', { firstName: name, lastName: `Zett${suffix}` });
    await post(`/contacts/${person.id}/affiliations`, { companyId: company.id, buyingRole: 'user' });
  }
  await signIn(page, `/companies/${company.id}`);
  const people = page.getByTestId('company-people');
  await expect(people).toContainText('People (8)');
  const rows = people.getByTestId('company-person');
  // The first rows only, so the tasks and deals below stay in view; "Show all" shows the rest.
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('record-tasks')).toBeInViewport();
  await people.getByRole('button', { name: 'Show all 8' }).click();
  await expect(rows).toHaveCount(8);
  const heights = await rows.evaluateAll((all) => all.map((row) => row.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(45);

  const berndRow = rows.filter({ hasText: `Bernd Brandt${suffix}` });
  await berndRow.getByRole('button', { name: `Actions for Bernd Brandt${suffix}` }).click();
  await page.getByRole('menuitem', { name: 'Remove from company' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove Bernd Brandt${suffix} from the company` });
  await expect(dialog).toContainText('The contact stays.');
  // Keeping is the default way out: nothing changes.
  await dialog.getByRole('button', { name: 'Keep' }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(8);
  await berndRow.getByRole('button', { name: `Actions for Bernd Brandt${suffix}` }).click();
  await page.getByRole('menuitem', { name: 'Remove from company' }).click();
  await dialog.getByTestId('remove-person-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(rows.filter({ hasText: `Bernd Brandt${suffix}` })).toHaveCount(0);
  await expect(people).toContainText('People (7)');
  expect((await request.get(`/api/v1/contacts/${bernd.id}`)).status()).toBe(200);
});

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('ein neuer Ansprechpartner wird mit seiner Rolle angelegt und die Firma wieder gezeigt', async ({
    page,
    request,
  }) => {
    const { company, suffix } = await seedCompany(request, 'Neu');
    await signIn(page, `/companies/${company.id}`);
    const people = page.getByTestId('company-people');
    await expect(people).toContainText('Ansprechpartner (2)');
    await people.getByRole('link', { name: '+ Ansprechpartner' }).click();
    await expect(page).toHaveURL(new RegExp(`/contacts/new\\?companyId=${company.id}&returnTo=`));
    const form = page.getByTestId('contact-form');
    await form.getByRole('textbox', { name: 'Vorname' }).fill('Clara');
    await form.getByRole('textbox', { name: 'Nachname' }).fill(`Christ${suffix}`);
    await form.getByRole('combobox', { name: 'Rolle im Buying Center' }).click();
    await page.getByRole('option', { name: 'Entscheider', exact: true }).click();
    await form.getByRole('button', { name: 'Anlegen' }).click();

    await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
    const clara = people.getByTestId('company-person').filter({ hasText: `Clara Christ${suffix}` });
    await expect(clara.getByTestId('buying-role')).toHaveValue('Entscheider');
    await expect(people).toContainText('Ansprechpartner (3)');
  });
});
