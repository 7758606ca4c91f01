// The deal page: key facts with company and contact links, the stage history after a move
// through the API (from → to, who, when, time in each stage), in-place editing with the
// server's message at the field, stage and won through the page, quick entry onto the deal's
// timeline; opening it from a board card by click and by keyboard; phone width.
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

test.describe.configure({ timeout: 60_000 });

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

test('a lost deal takes a lost reason, and the stage select moves the deal', async ({ page, request }) => {
  const { pipeline, deal } = await seed(request, 'Verlust');
  await signIn(page, `/deals/${deal.id}`);
  const header = page.getByTestId('deal-header');
  await expect(header.getByRole('heading', { name: deal.title })).toBeVisible();

  await header.getByTestId('deal-stage').click();
  await page.getByRole('option', { name: 'Angebot', exact: true }).click();
  await expect(header.getByTestId('deal-stage')).toHaveValue('Angebot');
  await expect(page.getByTestId('stage-history').getByTestId('stage-change')).toHaveCount(2);

  await header.getByRole('button', { name: 'Lost', exact: true }).click();
  await expect(header.getByTestId('deal-status')).toHaveText('Lost');
  await header.getByRole('button', { name: 'Edit Lost reason' }).click();
  await header.getByRole('textbox', { name: 'Lost reason' }).fill('Zu teuer');
  await header.getByRole('button', { name: 'Save' }).click();
  await expect(header.getByTestId('value-lostReason')).toHaveText('Zu teuer');
  const stored = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as {
    stageId: string;
    lostReason: string;
  };
  expect(stored).toMatchObject({ stageId: pipeline.stages[3]!.id, lostReason: 'Zu teuer' });
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
