// The deal page: key facts with company and contact links, the stage history after a move
// through the API (from → to, who, when, time in each stage), in-place editing with the
// server's message at the field, stage and won through the page, quick entry onto the deal's
// timeline; lost with a reason, undo and reopen; a new deal with company and contact;
// opening it from a board card by click and by keyboard; phone width.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique, expectNoSidewaysScroll } from './fixtures.ts';

interface Stage {
  id: string;
  name: string;
}
interface Pipeline {
  id: string;
  stages: Stage[];
}
interface Deal {
  id: string;
  version: number;
  title: string;
}

test.describe.configure({ timeout: 120_000 });

const money = (amount: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(amount);

async function seed(request: APIRequestContext, tag: string) {
  const { headers, post } = await apiAs(request);
  const suffix = unique();
  const pipeline = await post<Pipeline>('/pipelines', {
    name: `E2E Deal page ${tag} ${suffix}`,
    stages: [
      { name: 'Erstkontakt', probability: 10, kind: 'open' },
      { name: 'Angebot', probability: 50, kind: 'open' },
      { name: 'Gewonnen', probability: 100, kind: 'won' },
      { name: 'Verloren', probability: 0, kind: 'lost' },
    ],
  });
  const company = await post<{ id: string; name: string }>('/companies', { name: `Schreinerei ${tag} ${suffix}` });
  const contact = await post<{ id: string }>('/contacts', { firstName: 'Clara', lastName: `Conrad${suffix}` });
  const deal = await post<Deal>('/deals', {
    title: `Einbauküche ${tag} ${suffix}`,
    pipelineId: pipeline.id,
    stageId: pipeline.stages[0]!.id,
    companyId: company.id,
    contactId: contact.id,
    amount: { amount: '12500.00', currency: 'EUR' },
    expectedCloseDate: '2027-03-31',
  });
  /** Moves the deal to another stage through the API, as another client would. */
  const moveTo = async (stage: Stage) => {
    const current = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as Deal;
    const response = await request.patch(`/api/v1/deals/${deal.id}`, {
      headers: { ...headers, 'if-match': `"${current.version}"` },
      data: { stageId: stage.id },
    });
    expect(response.status(), await response.text()).toBe(200);
  };
  return { pipeline, company, contact, deal, suffix, moveTo };
}

async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`not reachable with Tab within ${limit} steps`);
}

test('the deal page shows key facts and the stage history, edits in place and logs onto its timeline', async ({
  page,
  request,
  consoleErrors,
}) => {
  const { pipeline, company, contact, deal, suffix, moveTo } = await seed(request, 'Kern');
  await moveTo(pipeline.stages[1]!);
  await signIn(page, `/deals/${deal.id}`);

  const header = page.getByTestId('deal-header');
  await expect(header.getByRole('heading', { name: deal.title })).toBeVisible();
  await expect(header.getByTestId('deal-amount-formatted')).toHaveText(money(12500));
  await expect(header.getByTestId('deal-status')).toHaveText('Open');
  await expect(header.getByTestId('deal-stage')).toHaveValue('Angebot');
  await expect(header.getByTestId('value-probability')).toContainText('50 %');
  await expect(header.getByTestId('value-expectedCloseDate')).toHaveText('Mar 31, 2027');
  await expect(header.getByTestId('deal-company')).toHaveText(company.name);
  await expect(header.getByTestId('deal-company')).toHaveAttribute('href', `/companies/${company.id}`);
  await expect(header.getByTestId('deal-contact')).toHaveText(`Clara Conrad${suffix}`);
  await expect(header.getByTestId('deal-contact')).toHaveAttribute('href', `/contacts/${contact.id}`);

  // Stage history: created in the first stage, then moved; who and how long.
  const history = page.getByTestId('stage-history').getByTestId('stage-change');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText('Created in Erstkontakt');
  await expect(history.nth(0)).toContainText('by e2e-admin');
  await expect(history.nth(0).getByTestId('stage-duration')).toHaveText(/^\d+ minutes? in Erstkontakt$/);
  await expect(history.nth(1)).toContainText('Erstkontakt → Angebot');
  await expect(history.nth(1).getByTestId('stage-duration')).toHaveText(/^In Angebot for \d+ minutes? so far$/);

  // In-place edit of the amount (a German decimal comma is accepted).
  await header.getByRole('button', { name: 'Edit Amount' }).click();
  await header.getByRole('textbox', { name: 'Amount (EUR)' }).fill('13750,50');
  await header.getByRole('button', { name: 'Save' }).click();
  await expect(header.getByTestId('deal-amount-formatted')).toHaveText(money(13750.5));

  // A value the server refuses: its message appears at the field.
  await header.getByRole('button', { name: 'Edit Probability' }).click();
  const answer = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/deals/${deal.id}`));
  await header.getByRole('textbox', { name: 'Probability (%)' }).fill('150');
  await header.getByRole('button', { name: 'Save' }).click();
  const response = await answer;
  expect([400, 422]).toContain(response.status());
  const problem = (await response.json()) as { errors: { path: string; message: string }[] };
  const message = problem.errors.find((error) => error.path.endsWith('probability'))?.message;
  expect(message).toBeTruthy();
  await expect(page.getByTestId('edit-probability')).toContainText(message!);
  await expect(header.getByRole('textbox', { name: 'Probability (%)' })).toHaveAttribute('aria-invalid', 'true');
  await header.getByRole('button', { name: 'Cancel' }).click();

  // Quick entry linked to the deal.
  const quick = page.getByTestId('quick-entry');
  await quick.getByText('Note', { exact: true }).click();
  await quick.getByRole('textbox', { name: 'Subject' }).fill(`Maße genommen ${suffix}`);
  await quick.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('timeline-entry').first()).toContainText(`Maße genommen ${suffix}`);
  const notes = (await (await request.get(`/api/v1/activities?dealId=${deal.id}`)).json()) as {
    data: { subject: string }[];
  };
  expect(notes.data.map((entry) => entry.subject)).toContain(`Maße genommen ${suffix}`);

  // Won: the deal moves to the won stage; status, history and timeline follow.
  await header.getByRole('button', { name: 'Won', exact: true }).click();
  await expect(header.getByTestId('deal-status')).toHaveText('Won');
  await expect(header.getByTestId('deal-stage')).toHaveValue('Gewonnen (Won)');
  await expect(history).toHaveCount(3);
  await expect(history.nth(2)).toContainText('Angebot → Gewonnen');
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Angebot → Gewonnen' })).toBeVisible();

  const stored = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as {
    amount: { amount: string };
    status: string;
    probability: number;
  };
  expect(stored).toMatchObject({ amount: { amount: '13750.50' }, status: 'won', probability: 100 });
  for (let index = consoleErrors.length - 1; index >= 0; index -= 1)
    if (/status of (400|422)/.test(consoleErrors[index]!)) consoleErrors.splice(index, 1);
});

test('marking lost asks for the reason (one click, one confirm), can be undone, and the deal reopens', async ({
  page,
  request,
}) => {
  const { pipeline, deal } = await seed(request, 'Verlust');
  await signIn(page, `/deals/${deal.id}`);
  const header = page.getByTestId('deal-header');
  await expect(header.getByRole('heading', { name: deal.title })).toBeVisible();

  await header.getByTestId('deal-stage').click();
  await page.getByRole('option', { name: 'Angebot', exact: true }).click();
  await expect(header.getByTestId('deal-stage')).toHaveValue('Angebot');
  await expect(page.getByTestId('stage-history').getByTestId('stage-change')).toHaveCount(2);
  // The stage name says "lost" in German already; in English the kind follows in brackets.
  await header.getByTestId('deal-stage').click();
  await expect(page.getByRole('option', { name: 'Verloren (Lost)' })).toBeVisible();
  await page.keyboard.press('Escape');

  await header.getByRole('button', { name: 'Lost', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Why was “${deal.title}” lost?` });
  await dialog.getByText('No budget', { exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Note (optional)' }).fill('Budget geht 2027 in die IT');
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(header.getByTestId('deal-status')).toHaveText('Lost');
  await expect(header.getByTestId('deal-lost-reason')).toHaveValue('No budget');
  await expect(header.getByTestId('value-lostReason')).toHaveText('Budget geht 2027 in die IT');
  const stored = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as {
    stageId: string;
    lostReason: string;
    lostReasonId: string;
  };
  expect(stored).toMatchObject({ stageId: pipeline.stages[3]!.id, lostReason: 'Budget geht 2027 in die IT' });
  expect(stored.lostReasonId).toBeTruthy();

  // Undo in the notice: back to "Angebot", reason gone.
  await page.getByTestId('undo-lost').click();
  await expect(header.getByTestId('deal-status')).toHaveText('Open');
  await expect(header.getByTestId('deal-stage')).toHaveValue('Angebot');

  // Lost again through the stage select, then reopened with one button.
  await header.getByTestId('deal-stage').click();
  await page.getByRole('option', { name: 'Verloren (Lost)' }).click();
  await dialog.getByText('Bad timing', { exact: true }).click();
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(header.getByTestId('deal-status')).toHaveText('Lost');
  await header.getByRole('button', { name: 'Reopen' }).click();
  await expect(header.getByTestId('deal-status')).toHaveText('Open');
  await expect(header.getByTestId('deal-stage')).toHaveValue('Angebot');
  const reopened = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as { lostReasonId: string | null };
  expect(reopened.lostReasonId).toBeNull();
});

test("a new deal from the board takes company and contact: the company's people first", async ({ page, request }) => {
  const { post } = await apiAs(request);
  const suffix = unique();
  const company = await post<{ id: string; name: string }>('/companies', { name: `Tischlerei Vogt ${suffix}` });
  const person = await post<{ id: string }>('/contacts', { firstName: 'Vera', lastName: `Vogt${suffix}` });
  await post(`/contacts/${person.id}/affiliations`, { companyId: company.id });
  const loner = await post<{ id: string }>('/contacts', { firstName: 'Lutz', lastName: `Vogt${suffix}x` });
  void loner;

  await signIn(page, '/deals');
  await page.getByRole('button', { name: 'New deal' }).click();
  const dialog = page.getByRole('dialog', { name: 'New deal' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill(`Treppe ${suffix}`);
  // A contact of exactly one company brings the company along.
  await dialog.getByLabel('Contact', { exact: true }).fill(`Vera Vogt${suffix}`);
  await page.getByRole('option', { name: new RegExp(`Vera Vogt${suffix}`) }).click();
  await expect(dialog.getByLabel('Company', { exact: true })).toHaveValue(company.name);
  // With a company chosen, its people are offered first, then everyone.
  await dialog.getByLabel('Contact', { exact: true }).click();
  await dialog.getByLabel('Contact', { exact: true }).fill('');
  await expect(page.getByText(`People of ${company.name}`)).toBeVisible();
  await page.getByRole('option', { name: `Vera Vogt${suffix}` }).click();
  await dialog.getByRole('button', { name: 'Create deal' }).click();
  await expect(dialog).toBeHidden();

  const created = (await (await request.get(`/api/v1/deals?companyId=${company.id}`)).json()) as {
    data: { id: string; contactId: string }[];
  };
  expect(created.data).toHaveLength(1);
  expect(created.data[0]!.contactId).toBe(person.id);
  await page
    .getByTestId('deal-card')
    .filter({ hasText: `Treppe ${suffix}` })
    .getByRole('link')
    .click();
  const header = page.getByTestId('deal-header');
  await expect(header.getByTestId('deal-company')).toHaveText(company.name);
  await expect(header.getByTestId('deal-contact')).toHaveText(`Vera Vogt${suffix}`);

  // Company and contact change in place on the deal page.
  const other = await post<{ id: string; name: string }>('/companies', { name: `Holzbau Keller ${suffix}` });
  await header.getByTestId('deal-company-change').click();
  await header.getByLabel('Company', { exact: true }).fill(`Holzbau Keller ${suffix}`);
  await page.getByRole('option', { name: new RegExp(`Holzbau Keller ${suffix}`) }).click();
  await expect(header.getByTestId('deal-company')).toHaveText(other.name);
  await header.getByTestId('deal-contact-change').click();
  // The picker shows the current contact once its name has loaded; typing before that would
  // have the loaded name put in front of the typed text.
  await expect(header.getByLabel('Contact', { exact: true })).toHaveValue(`Vera Vogt${suffix}`);
  await header.getByLabel('Contact', { exact: true }).fill(`Lutz Vogt${suffix}x`);
  await page.getByRole('option', { name: new RegExp(`Lutz Vogt${suffix}x`) }).click();
  await expect(header.getByTestId('deal-contact')).toHaveText(`Lutz Vogt${suffix}x`);
});

test.describe('auf Deutsch, am Telefon', () => {
  test.use({ locale: 'de-DE', viewport: { width: 390, height: 844 } });

  test('Verloren mit Grund per Knopf, ohne „Verloren (Verloren)“, und wieder öffnen', async ({ page, request }) => {
    const { deal } = await seed(request, 'Telefon');
    await signIn(page, `/deals/${deal.id}`);
    const header = page.getByTestId('deal-header');
    await header.getByTestId('deal-stage').click();
    await expect(page.getByRole('option', { name: 'Verloren', exact: true })).toBeVisible();
    await expect(page.getByRole('option', { name: 'Verloren (Verloren)' })).toHaveCount(0);
    await page.keyboard.press('Escape');

    await header.getByRole('button', { name: 'Verloren', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Warum wurde „${deal.title}“ verloren?` });
    await dialog.getByText('Preis zu hoch', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Als verloren markieren' }).click();
    await expect(header.getByTestId('deal-status')).toHaveText('Verloren');
    await expect(header.getByTestId('deal-lost-reason')).toHaveValue('Preis zu hoch');
    await expectNoSidewaysScroll(page);
    await header.getByRole('button', { name: 'Wieder öffnen' }).click();
    await expect(header.getByTestId('deal-status')).toHaveText('Offen');
  });
});

test('a board card opens the deal page by click and by keyboard, and the page fits a phone screen', async ({
  page,
  request,
}) => {
  const { pipeline, deal } = await seed(request, 'Karte');
  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  const card = page.getByTestId('deal-card').filter({ hasText: deal.title });
  await card.getByRole('link', { name: deal.title }).click();
  await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
  await expect(page.getByTestId('deal-header').getByRole('heading', { name: deal.title })).toBeVisible();

  // Keyboard: from the card (Space would pick it up) Tab reaches its link; Enter opens the page.
  await page.goBack();
  await expect(card).toBeVisible();
  await card.focus();
  await tabTo(page, card.getByRole('link', { name: deal.title }), 3);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('deal-header').getByRole('heading', { name: deal.title })).toBeVisible();
  await expect(page.getByTestId('stage-history').getByTestId('stage-change')).toHaveCount(1);
  await expectNoSidewaysScroll(page);

  // The in-place editors are reachable with Tab.
  await page.getByTestId('deal-header').getByRole('heading').click();
  await tabTo(page, page.getByRole('button', { name: 'Edit Expected close' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('deal-header').getByLabel('Expected close')).toBeFocused();
});
