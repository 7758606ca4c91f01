// Duplicates: two similar contacts are found by a scan, merged in the dialog with a chosen
// field (their activity moves to the survivor) and the merge is undone; a merge noticed later
// is undone from the survivor's page, or says why it no longer can; the contact form warns of
// a likely duplicate while typing and still saves.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, allowConsoleErrors, apiAs, unique, signIn } from './fixtures.ts';

/** Two contacts of the same person, merged through the API: the older one survives. */
async function mergedPair(request: APIRequestContext, firstName: string, lastName: string) {
  const { post, headers } = await apiAs(request);
  const survivor = await post<{ id: string }>('/contacts', { firstName, lastName });
  const merged = await post<{ id: string }>('/contacts', { firstName, lastName: `${lastName}-Alt` });
  const response = await request.post('/api/v1/contacts/merge', {
    headers,
    data: { survivorId: survivor.id, mergedIds: [merged.id] },
  });
  expect(response.status(), await response.text()).toBe(200);
  return { survivor: survivor.id, merged: merged.id, headers };
}

test.describe.configure({ timeout: 60_000 });

test.describe('in English', () => {
  test.use({ locale: 'en-GB' });

  test('a scan finds two similar contacts; the merge keeps a chosen field, moves the activity, and is undone', async ({
    page,
    request,
  }) => {
    const { post, headers } = await apiAs(request);
    const tag = unique();
    const email = `wolfgang.brandtner.${tag}@example.de`;
    const older = await post<{ id: string }>('/contacts', {
      firstName: 'Wolfgang',
      lastName: `Brandtner${tag}`,
      emails: [{ email, primary: true }],
      phones: [{ number: '0761 4455667' }],
      jobTitle: 'Einkauf',
    });
    const newer = await post<{ id: string }>('/contacts', {
      firstName: 'Wolfgang',
      lastName: `Brandtner${tag}`,
      emails: [{ email: email.toUpperCase() }, { email: `w.b.${tag}@example.com` }],
      phones: [{ number: '+49 761 4455667' }],
      jobTitle: 'Leiter Einkauf',
    });
    const call = await post<{ id: string }>('/activities', {
      type: 'call',
      subject: `Rückruf ${tag}`,
      contactIds: [newer.id],
    });

    await signIn(page, '/duplicates');
    await expect(page.getByRole('heading', { name: 'Duplicates' })).toBeVisible();
    await page.getByTestId('duplicates-scan').click();
    const pair = page.getByTestId('duplicate-pair').filter({ hasText: `Brandtner${tag}` });
    await expect(pair).toBeVisible({ timeout: 30_000 });
    await expect(pair.getByTestId('duplicate-score')).toHaveText(/\d+ % match/);
    await expect(pair).toContainText('same email address');

    await pair.getByRole('button', { name: 'Merge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge' });
    // The survivor: the older record; the job title of the newer one wins.
    await dialog
      .getByRole('radio', { name: new RegExp(`^Keep: Wolfgang Brandtner${tag}$`) })
      .first()
      .check();
    await dialog.getByTestId('merge-field-jobTitle').getByRole('radio', { name: 'Leiter Einkauf' }).check();
    // What moves: the newer one's call.
    await expect(dialog.getByTestId('merge-moves')).toContainText('1 activities');
    await expect(dialog.getByRole('checkbox', { name: 'Keep all email addresses' })).toBeChecked();
    await dialog.getByTestId('merge-confirm').click();

    const notice = page.getByTestId('merge-notice');
    await expect(notice).toContainText('is one record now');
    await expect(pair).toHaveCount(0);
    const survivor = await (await request.get(`/api/v1/contacts/${older.id}`)).json();
    expect(survivor.jobTitle).toBe('Leiter Einkauf');
    expect(survivor.emails).toHaveLength(2);
    const moved = await (await request.get(`/api/v1/activities?contactId=${older.id}`)).json();
    expect(moved.data.map((a: { id: string }) => a.id)).toEqual([call.id]);
    expect((await (await request.get(`/api/v1/contacts/${newer.id}`)).json()).mergedIntoId).toBe(older.id);

    await notice.getByTestId('merge-undo').click();
    await expect(page.getByText('The merge was undone.')).toBeVisible();
    await expect(notice).toHaveCount(0);
    expect((await (await request.get(`/api/v1/contacts/${older.id}`)).json()).jobTitle).toBe('Einkauf');
    // The call is back with the contact it was logged on, and its page shows it again.
    await page.goto(`/contacts/${newer.id}`);
    await expect(page.getByText(`Rückruf ${tag}`).first()).toBeVisible({ timeout: 15_000 });
    void headers;
  });

  test("a merge noticed later is undone from the survivor page, where the merged one's old link leads", async ({
    page,
    request,
    consoleErrors,
  }) => {
    const tag = unique();
    const { survivor, merged } = await mergedPair(request, 'Irmgard', `Vöhringer${tag}`);
    // The merged contact's old link leads to the survivor, which tells what was merged into it.
    await signIn(page, `/contacts/${merged}`);
    await expect(page).toHaveURL(new RegExp(`/contacts/${survivor}$`));
    const note = page.getByTestId('merge-note');
    await expect(note).toContainText(new RegExp(`^Merged into this one on .+: Irmgard Vöhringer${tag}-Alt\\.`));
    await note.getByRole('button', { name: 'Undo merge' }).click();
    await expect(page.getByText('The merge was undone.')).toBeVisible();
    await expect(note).toHaveCount(0);
    const back = await (await request.get(`/api/v1/contacts/${merged}`)).json();
    expect(back.deletedAt).toBeNull();
    await page.goto(`/contacts/${merged}`);
    await expect(page.getByRole('heading', { name: `Irmgard Vöhringer${tag}-Alt` })).toBeVisible();
    // The old link's read answered 404 `merged` before it led on to the survivor.
    allowConsoleErrors(consoleErrors, /status of 404/);
  });
});

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE' });

  test('das Kontaktformular warnt beim Tippen vor einer wahrscheinlichen Dublette und legt trotzdem an', async ({
    page,
    request,
  }) => {
    const { post } = await apiAs(request);
    const tag = unique();
    const lastName = `Kühnle${tag}`;
    const email = `m.kuehnle.${tag}@example.de`;
    const existing = await post<{ id: string }>('/contacts', {
      firstName: 'Margarete',
      lastName,
      emails: [{ email, primary: true }],
    });
    await signIn(page, '/contacts/new');
    await expect(page.getByRole('heading', { name: 'Neuer Kontakt' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Vorname' }).fill('Margarete');
    await page.getByRole('textbox', { name: /^Nachname/ }).fill(lastName);
    await expect(page.getByTestId('duplicate-warning')).toHaveCount(0);
    const form = page.getByTestId('contact-form');
    await form.getByRole('button', { name: 'E-Mail-Adresse hinzufügen' }).click();
    await form.getByTestId('rows-emails').getByRole('textbox', { name: 'E-Mail' }).fill(email);
    const warning = page.getByTestId('duplicate-warning');
    await expect(warning).toContainText('Möglicherweise schon vorhanden', { timeout: 10_000 });
    await expect(warning.getByRole('link', { name: `Margarete ${lastName}` })).toHaveAttribute(
      'href',
      `/contacts/${existing.id}`,
    );
    await warning.getByRole('button', { name: 'Trotzdem anlegen' }).click();
    await expect(warning).toHaveCount(0);
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
    expect(page.url()).not.toContain(existing.id);
  });

  test('eine Zusammenführung, die nicht mehr rückgängig zu machen ist, sagt warum', async ({
    page,
    request,
    consoleErrors,
  }) => {
    const tag = unique();
    const { survivor, merged, headers } = await mergedPair(request, 'Gülsen', `Ağaoğlu${tag}`);
    await signIn(page, `/contacts/${survivor}`);
    const note = page.getByTestId('merge-note');
    await expect(note).toContainText(new RegExp(`^Am .+ hierher zusammengeführt: Gülsen Ağaoğlu${tag}-Alt\\.`));
    // Meanwhile someone restores the merged contact from the trash: the server refuses the undo,
    // and the page says so in German and then why.
    expect((await request.post(`/api/v1/contacts/${merged}/restore`, { headers })).status()).toBe(200);
    await note.getByRole('button', { name: 'Zusammenführung rückgängig machen' }).click();
    await expect(note.getByRole('alert')).toHaveText(
      'Die Zusammenführung lässt sich nicht mehr rückgängig machen: Ein Beteiligter wurde inzwischen gelöscht oder wiederhergestellt.',
    );
    await expect(note).toContainText(
      `Diese Zusammenführung lässt sich nicht mehr rückgängig machen: Gülsen Ağaoğlu${tag}-Alt wurde inzwischen aus dem Papierkorb wiederhergestellt.`,
    );
    await expect(note.getByRole('button', { name: 'Zusammenführung rückgängig machen' })).toHaveCount(0);
    allowConsoleErrors(consoleErrors, /status of 409/);
  });
});
