// The teams page in the browser: in German, an admin finds it from the users page, creates a
// team of two colleagues, makes it a partner organisation, meets a change someone else made
// meanwhile, moves the team to the trash and brings it back; the API holds what the page
// showed. A sales rep sees the teams read-only, in English; the access page leads an admin to
// the teams. The specs' admin is put into no team (the "Mein Team" specs expect them in none),
// and the teams made here end in the trash.
import { allowConsoleErrors, apiAs, expect, signIn, test, unique } from './fixtures.ts';

interface Team {
  id: string;
  version: number;
  name: string;
  description: string | null;
  partner: boolean;
  memberIds: string[];
}

async function teamNamed(request: import('@playwright/test').APIRequestContext, name: string) {
  const answer = await request.get('/api/v1/teams?limit=500');
  expect(answer.ok()).toBe(true);
  return ((await answer.json()) as { data: Team[] }).data.find((team) => team.name === name);
}

test('teams page: an admin creates a team of two, makes it a partner organisation, and trashes it', async ({
  page,
  request,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => localStorage.setItem('farley.language', 'de'));
  const suffix = unique();
  const admin = await apiAs(request);
  const mia = await admin.post<{ id: string }>('/users', {
    email: `mia.sommer-${suffix}@autohaus-keller.example`,
    name: `Mia Sommer ${suffix}`,
    role: 'partner',
  });
  const jan = await admin.post<{ id: string }>('/users', {
    email: `jan.keller-${suffix}@autohaus-keller.example`,
    name: `Jan Keller ${suffix}`,
    role: 'partner',
  });

  await signIn(page, '/users');
  await page.getByTestId('users-teams-link').click();
  await expect(page).toHaveURL(/\/teams$/);
  await expect(page.getByRole('heading', { name: 'Teams', exact: true })).toBeVisible();

  // A new team of two colleagues, picked by searching their names.
  await page.getByRole('button', { name: 'Team anlegen' }).click();
  const dialog = page.getByTestId('team-dialog');
  await dialog.getByLabel('Name').fill(`Keller ${suffix}`);
  await dialog.getByLabel('Beschreibung').fill('Vertragshändler Region Augsburg');
  const members = dialog.getByRole('combobox', { name: 'Mitglieder' });
  for (const name of [`Mia Sommer ${suffix}`, `Jan Keller ${suffix}`]) {
    await members.fill(name);
    await page.getByRole('option', { name }).click();
  }
  // The list of users stays open after a pick, over the dialog's buttons: a click beside it closes it.
  await dialog.getByLabel('Beschreibung').click();
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(
    dialog.getByText('„Partner (extern)“ sehen nur, wofür jemand aus diesem Team zuständig ist'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Anlegen', exact: true }).click();
  await expect(page.getByText(`Team „Keller ${suffix}“ gespeichert.`)).toBeVisible();
  const row = page.getByTestId('team-row').filter({ hasText: `Keller ${suffix}` });
  await expect(row).toContainText(`Mia Sommer ${suffix}`);
  await expect(row).toContainText(`Jan Keller ${suffix}`);
  await expect(row.getByTestId('partner-badge')).toHaveCount(0);

  // Changed: a full name, and now a partner organisation.
  await row.getByRole('button', { name: `Keller ${suffix} bearbeiten` }).click();
  await expect(dialog.getByLabel('Name')).toHaveValue(`Keller ${suffix}`);
  await dialog.getByLabel('Name').fill(`Autohaus Keller GmbH ${suffix}`);
  await dialog.getByRole('switch', { name: 'Partnerorganisation' }).check();
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByText(`Team „Autohaus Keller GmbH ${suffix}“ gespeichert.`)).toBeVisible();
  const partnerRow = page.getByTestId('team-row').filter({ hasText: `Autohaus Keller GmbH ${suffix}` });
  await expect(partnerRow.getByTestId('partner-badge')).toHaveText('Partnerorganisation');
  await expect(partnerRow).toContainText('Vertragshändler Region Augsburg');

  const stored = await teamNamed(request, `Autohaus Keller GmbH ${suffix}`);
  expect(stored?.partner).toBe(true);
  expect(stored?.description).toBe('Vertragshändler Region Augsburg');
  expect([...(stored?.memberIds ?? [])].sort()).toEqual([mia.id, jan.id].sort());

  // Someone else changes the team meanwhile: saving the older state is refused, not merged.
  await partnerRow.getByRole('button', { name: `Autohaus Keller GmbH ${suffix} bearbeiten` }).click();
  const elsewhere = await request.patch(`/api/v1/teams/${stored!.id}`, {
    headers: { ...admin.headers, 'if-match': `"${stored!.version}"` },
    data: { description: 'Vertragshändler Region Augsburg und Ulm' },
  });
  expect(elsewhere.ok(), await elsewhere.text()).toBe(true);
  await dialog.getByLabel('Beschreibung').fill('Nur Augsburg');
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(page.getByText('Jemand anderes hat das inzwischen geändert.')).toBeVisible();
  await page.getByRole('button', { name: 'Abbrechen' }).click();
  await expect(partnerRow).toContainText('Vertragshändler Region Augsburg und Ulm');
  expect((await teamNamed(request, `Autohaus Keller GmbH ${suffix}`))?.memberIds).toHaveLength(2);

  // Into the trash, after a question that says what it means for the partners, and back.
  await partnerRow.getByRole('button', { name: `Aktionen für Autohaus Keller GmbH ${suffix}` }).click();
  await page.getByRole('menuitem', { name: 'In den Papierkorb' }).click();
  await expect(page.getByTestId('trash-team')).toContainText('Die Partner dieser Partnerorganisation');
  await page.getByTestId('trash-team-confirm').click();
  await expect(page.getByText(`Team „Autohaus Keller GmbH ${suffix}“ liegt im Papierkorb.`)).toBeVisible();
  await expect(partnerRow).toHaveCount(0);
  expect(await teamNamed(request, `Autohaus Keller GmbH ${suffix}`)).toBeUndefined();
  await page.getByRole('button', { name: `Autohaus Keller GmbH ${suffix} wiederherstellen` }).click();
  await expect(partnerRow.getByTestId('partner-badge')).toBeVisible();
  expect((await teamNamed(request, `Autohaus Keller GmbH ${suffix}`))?.memberIds).toHaveLength(2);

  // Left in the trash: other specs' partners and team filters never meet it.
  const last = await teamNamed(request, `Autohaus Keller GmbH ${suffix}`);
  const trashed = await request.delete(`/api/v1/teams/${last!.id}`, {
    headers: { ...admin.headers, 'if-match': `"${last!.version}"` },
  });
  expect(trashed.status()).toBe(204);
  // The refused save above is logged by the browser as a failed request.
  allowConsoleErrors(consoleErrors, /status of 412/);
});

test('teams page: a sales rep reads the teams in English and changes nothing', async ({ page, request }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'en'));
  const suffix = unique();
  const admin = await apiAs(request);
  const account = { email: `tom.hansen-${suffix}@farley.example`, password: `Segelboot am Steg ${suffix}` };
  const tom = await admin.post<{ id: string }>('/users', {
    email: account.email,
    name: `Tom Hansen ${suffix}`,
    role: 'agent',
    password: account.password,
  });
  const team = await admin.post<Team>('/teams', {
    name: `Sales North ${suffix}`,
    description: 'Hamburg, Bremen and Kiel',
    partner: true,
    memberIds: [tom.id],
  });

  try {
    await signIn(page, '/teams', account);
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Teams', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Teams', exact: true })).toBeVisible();
    const row = page.getByTestId('team-row').filter({ hasText: `Sales North ${suffix}` });
    await expect(row).toContainText(`Tom Hansen ${suffix}`);
    await expect(row).toContainText('Hamburg, Bremen and Kiel');
    await expect(row.getByTestId('partner-badge')).toHaveText('Partner organisation');
    await expect(page.getByTestId('teams-read-only')).toHaveText('Only admins change teams.');
    await expect(page.getByRole('button', { name: 'New team' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Edit / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Actions for / })).toHaveCount(0);
  } finally {
    const trashed = await request.delete(`/api/v1/teams/${team.id}`, {
      headers: { ...admin.headers, 'if-match': `"${team.version}"` },
    });
    expect(trashed.status()).toBe(204);
  }
});

test('teams page: the access page leads an admin to the teams, whose form speaks English', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('farley.language', 'en'));
  await signIn(page, '/access');
  await page.getByRole('link', { name: 'Manage teams and partner organisations' }).click();
  await expect(page.getByRole('heading', { name: 'Teams', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'See access rights' })).toBeVisible();
  await page.getByRole('button', { name: 'New team' }).click();
  const dialog = page.getByTestId('team-dialog');
  await expect(dialog.getByRole('combobox', { name: 'Members' })).toBeVisible();
  await expect(dialog.getByRole('switch', { name: 'Partner organisation' })).not.toBeChecked();
  await expect(dialog).toContainText('see only what someone in this team owns');
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});
