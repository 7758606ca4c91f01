// The deals board: columns with formatted totals, moving a deal with the keyboard and the
// mouse (saved, and rolled back with the server's message when the deal changed meanwhile),
// creating a deal through the form, a drag into the lost column that asks for the reason
// (and its undo), reopening a closed card, the owner, search and period filters, and the
// cards' warnings. Each test works in a pipeline of its own, so the totals are exact
// whatever the other tests create.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect, signIn, credentials } from './fixtures.ts';

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
  stageId: string;
  status: string;
  title: string;
}

// Three sign-ins, seeding and drags: more than the default budget when the machine is busy.
test.describe.configure({ timeout: 120_000 });

const money = (amount: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(amount);

async function apiAs(request: APIRequestContext) {
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  expect(login.ok()).toBe(true);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { 'x-csrf-token': csrfToken };
}

async function seedPipeline(request: APIRequestContext, headers: Record<string, string>): Promise<Pipeline> {
  const response = await request.post('/api/v1/pipelines', {
    headers,
    data: {
      name: `E2E Board ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
      stages: [
        { name: 'Erstkontakt', probability: 10, kind: 'open' },
        { name: 'Angebot', probability: 50, kind: 'open' },
        { name: 'Gewonnen', probability: 100, kind: 'won' },
        { name: 'Verloren', probability: 0, kind: 'lost' },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json() as Promise<Pipeline>;
}

async function seedDeal(
  request: APIRequestContext,
  headers: Record<string, string>,
  pipeline: Pipeline,
  title: string,
  amount: string,
) {
  const response = await request.post('/api/v1/deals', {
    headers,
    data: {
      title,
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0]!.id,
      amount: { amount, currency: 'EUR' },
      expectedCloseDate: '2027-03-31',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json() as Promise<Deal>;
}

const column = (page: Page, stage: Stage) => page.getByRole('region', { name: stage.name, exact: true });
const card = (scope: Page | Locator, title: string) => scope.getByTestId('deal-card').filter({ hasText: title });

/** Drags a card with the mouse into a column (a drag starts after 5 px of movement). */
async function drag(page: Page, moving: Locator, target: Locator) {
  const from = (await moving.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 10 });
  await page.mouse.up();
}

/** Space picks the card up, each arrow press moves it one column; each step waits for the board to follow. */
async function moveWithKeyboard(page: Page, title: string, path: Stage[]) {
  const moving = card(page, title);
  await moving.focus();
  await page.keyboard.press('Space');
  await expect(moving).toHaveAttribute('aria-pressed', 'true');
  // dnd-kit listens for the arrow keys from the next task on; a key pressed before that is lost.
  await page.waitForTimeout(150);
  for (const stage of path) {
    await page.keyboard.press('ArrowRight');
    await expect(column(page, stage)).toHaveAttribute('data-over', 'true');
  }
  await page.keyboard.press('Space');
}

test('a deal shows in its column with formatted totals, and a keyboard move to another stage is saved', async ({
  page,
  request,
}) => {
  const headers = await apiAs(request);
  const pipeline = await seedPipeline(request, headers);
  const [first, second] = pipeline.stages as [Stage, Stage];
  const deal = await seedDeal(request, headers, pipeline, 'Wartungsvertrag Bäckerei Schulz', '12345.50');

  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  await expect(page.getByRole('heading', { name: 'Deals' })).toBeVisible();
  const from = column(page, first);
  await expect(card(from, deal.title)).toContainText(money(12345.5));
  await expect(card(from, deal.title)).toContainText('Mar 31, 2027');
  await expect(from.getByTestId('stage-count')).toHaveText('1');
  await expect(from.getByTestId('stage-total')).toContainText(money(12345.5));
  await expect(from.getByTestId('stage-weighted')).toContainText(money(1234.55));

  const saved = page.waitForResponse(
    (r) => r.url().endsWith(`/api/v1/deals/${deal.id}`) && r.request().method() === 'PATCH',
  );
  await moveWithKeyboard(page, deal.title, [second]);
  expect((await saved).status()).toBe(200);
  await expect(card(column(page, second), deal.title)).toBeVisible();
  await expect(card(from, deal.title)).toHaveCount(0);

  await page.reload();
  await expect(card(column(page, second), deal.title)).toBeVisible();
  await expect(column(page, second).getByTestId('stage-weighted')).toContainText(money(6172.75));
  const server = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as Deal;
  expect(server.stageId).toBe(second.id);
});

test("a move the server refuses puts the card back and says why in the user's language", async ({
  page,
  request,
  consoleErrors,
}) => {
  const headers = await apiAs(request);
  const pipeline = await seedPipeline(request, headers);
  const [first, second] = pipeline.stages as [Stage, Stage];
  const deal = await seedDeal(request, headers, pipeline, 'Kältetechnik Ost', '800.00');

  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  await expect(card(column(page, first), deal.title)).toBeVisible();
  // Someone else changes the deal meanwhile: the board's version is stale now.
  const changed = await request.patch(`/api/v1/deals/${deal.id}`, {
    headers: { ...headers, 'if-match': `"${deal.version}"` },
    data: { tags: ['e2e'] },
  });
  expect(changed.ok()).toBe(true);

  const refused = page.waitForResponse(
    (r) => r.url().endsWith(`/api/v1/deals/${deal.id}`) && r.request().method() === 'PATCH',
  );
  await moveWithKeyboard(page, deal.title, [second]);
  const answer = await refused;
  expect(answer.status()).toBe(412);
  const problem = (await answer.json()) as { code?: string };
  expect(problem.code).toBe('stale_version');
  // The server's code, told in the user's language (its English detail is for API clients).
  await expect(page.getByText('Someone else has changed this in the meantime. Please load it again.')).toBeVisible();
  await expect(card(column(page, first), deal.title)).toBeVisible();
  await expect(card(column(page, second), deal.title)).toHaveCount(0);
  const server = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as Deal;
  expect(server.stageId).toBe(first.id);
  // The browser logs the provoked 412 as a console error; any other error still fails the test.
  const provoked = consoleErrors.filter((e) => /status of 412 \(Precondition Failed\)/.test(e));
  expect(provoked).toHaveLength(1);
  consoleErrors.splice(consoleErrors.indexOf(provoked[0]!), 1);
});

test('a deal created in the form appears on the board and can be dragged to won with the mouse', async ({
  page,
  request,
}) => {
  const headers = await apiAs(request);
  const pipeline = await seedPipeline(request, headers);
  const [, second, won] = pipeline.stages as [Stage, Stage, Stage];
  const title = `Rahmenvertrag Müller ${Date.now()}`;

  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  await page.getByRole('button', { name: 'New deal' }).click();
  const dialog = page.getByRole('dialog', { name: 'New deal' });
  await dialog.getByRole('button', { name: 'Create deal' }).click();
  await expect(dialog.getByText('Please enter a title')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
  await dialog.getByRole('textbox', { name: /^Amount/ }).fill('2500.50');
  await dialog.getByLabel('Stage').click();
  await page.getByRole('option', { name: second.name }).click();
  await dialog.getByRole('button', { name: 'Create deal' }).click();
  await expect(dialog).toBeHidden();
  const created = card(column(page, second), title);
  await expect(created).toContainText(money(2500.5));

  const target = column(page, won);
  const saved = page.waitForResponse((r) => r.url().includes('/api/v1/deals/') && r.request().method() === 'PATCH');
  await drag(page, created, target);
  const moved = (await (await saved).json()) as Deal;
  await expect(card(target, title)).toBeVisible();
  expect(moved.stageId).toBe(won.id);
  expect(moved.status).toBe('won');
});

test('on a phone the board scrolls sideways inside itself and the page keeps its width', async ({ page, request }) => {
  const headers = await apiAs(request);
  const pipeline = await seedPipeline(request, headers);
  const deal = await seedDeal(request, headers, pipeline, 'Außendienst Termin Köln', '99.90');
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  await expect(card(column(page, pipeline.stages[0]!), deal.title)).toContainText(money(99.9));
  await expect(page.getByRole('button', { name: 'New deal' })).toBeVisible();
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(390);
  const board = page.getByTestId('pipeline-board');
  await board.evaluate((node) =>
    node.querySelector('[data-radix-scroll-area-viewport], .mantine-ScrollArea-viewport')?.scrollBy(2000, 0),
  );
  await expect(column(page, pipeline.stages[2]!)).toBeInViewport();
});

test('a card dragged into the lost column asks for the reason; one click each, and Undo puts it back', async ({
  page,
  request,
}) => {
  const headers = await apiAs(request);
  const pipeline = await seedPipeline(request, headers);
  const [first, , , lost] = pipeline.stages as [Stage, Stage, Stage, Stage];
  const deal = await seedDeal(request, headers, pipeline, 'Druckerflotte Kanzlei Weber', '4200.00');
  const reasons = (await (await request.get('/api/v1/lost-reasons')).json()) as {
    data: { id: string; key: string | null }[];
  };

  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  await drag(page, card(column(page, first), deal.title), column(page, lost));
  const dialog = page.getByRole('dialog', { name: `Why was “${deal.title}” lost?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('lost-confirm')).toBeDisabled();
  await dialog.getByText('Chose a competitor', { exact: true }).click();
  const saved = page.waitForResponse((r) => r.url().endsWith(`/deals/${deal.id}`) && r.request().method() === 'PATCH');
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  const lostDeal = (await (await saved).json()) as Deal & { lostReasonId: string };
  expect(lostDeal.status).toBe('lost');
  expect(lostDeal.lostReasonId).toBe(reasons.data.find((r) => r.key === 'competitor')?.id);
  await expect(card(column(page, lost), deal.title)).toBeVisible();

  await page.getByTestId('undo-lost').click();
  await expect(card(column(page, first), deal.title)).toBeVisible();
  await expect(card(column(page, lost), deal.title)).toHaveCount(0);
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as Deal).status)
    .toBe('open');

  // Cancelling the question leaves the deal where it was.
  await drag(page, card(column(page, first), deal.title), column(page, lost));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(card(column(page, first), deal.title)).toBeVisible();
});

test('a closed card reopens with one click into the stage it left', async ({ page, request }) => {
  const headers = await apiAs(request);
  const pipeline = await seedPipeline(request, headers);
  const [, second, won] = pipeline.stages as [Stage, Stage, Stage];
  const deal = await seedDeal(request, headers, pipeline, 'Lizenzverlängerung Hofmann', '900.00');
  for (const stage of [second, won]) {
    const current = (await (await request.get(`/api/v1/deals/${deal.id}`)).json()) as Deal;
    await request.patch(`/api/v1/deals/${deal.id}`, {
      headers: { ...headers, 'if-match': `"${current.version}"` },
      data: { stageId: stage.id },
    });
  }
  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  const closed = card(column(page, won), deal.title);
  await expect(closed).toContainText('Won');
  await closed.getByRole('button', { name: 'Reopen' }).click();
  await expect(card(column(page, second), deal.title)).toBeVisible();
  await expect(card(column(page, won), deal.title)).toHaveCount(0);
});

test('cards warn of a passed close date and of no next task, and show company and owner', async ({ page, request }) => {
  const headers = await apiAs(request);
  const pipeline = await seedPipeline(request, headers);
  const company = (await (
    await request.post('/api/v1/companies', { headers, data: { name: `Glaserei Brandt ${Date.now()}` } })
  ).json()) as { id: string; name: string };
  const late = await request.post('/api/v1/deals', {
    headers,
    data: {
      title: 'Fenstertausch Rathaus',
      pipelineId: pipeline.id,
      companyId: company.id,
      expectedCloseDate: '2025-01-15',
    },
  });
  const planned = (await (
    await request.post('/api/v1/deals', {
      headers,
      data: { title: 'Wintergarten Seeblick', pipelineId: pipeline.id, expectedCloseDate: '2031-06-30' },
    })
  ).json()) as Deal;
  expect(late.status()).toBe(201);
  await request.post('/api/v1/tasks', { headers, data: { title: 'Angebot nachfassen', dealIds: [planned.id] } });

  await signIn(page, `/deals?pipeline=${pipeline.id}`);
  const lateCard = card(page, 'Fenstertausch Rathaus');
  await expect(lateCard.getByTestId('deal-card-company')).toHaveText(company.name);
  await expect(lateCard.getByTestId('deal-card-close')).toHaveText('Jan 15, 2025');
  await expect(lateCard.getByTestId('warning-overdue')).toHaveText('Close date passed');
  await expect(lateCard.getByTestId('warning-no-task')).toHaveText('No next task');
  await expect(lateCard.getByTestId('deal-card-owner')).not.toHaveText('No owner');
  const plannedCard = card(page, 'Wintergarten Seeblick');
  await expect(plannedCard.getByTestId('deal-card-close')).toHaveText('Jun 30, 2031');
  await expect(plannedCard.getByTestId('deal-card-warnings')).toHaveCount(0);

  // The search narrows the board and lives in the URL.
  await page.getByTestId('board-search').fill('Wintergarten');
  await expect(page).toHaveURL(/q=Wintergarten/);
  await expect(card(page, 'Fenstertausch Rathaus')).toHaveCount(0);
  await expect(plannedCard).toBeVisible();
  await expect(column(page, pipeline.stages[0]!).getByTestId('stage-count')).toHaveText('1');
});

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE' });

  test('Zuständig: meine, mein Team, alle; Zeitraum der abgeschlossenen Spalten; alles in der URL', async ({
    page,
    request,
  }) => {
    const headers = await apiAs(request);
    const pipeline = await seedPipeline(request, headers);
    const [first, , won] = pipeline.stages as [Stage, Stage, Stage];
    const suffix = `${Date.now()}${Math.random().toString(36).slice(2, 5)}`;
    const user = async (name: string) =>
      (await (
        await request.post('/api/v1/users', {
          headers,
          data: { email: `${name.toLowerCase()}-${suffix}@e2e.example`, name: `${name} ${suffix}`, role: 'agent' },
        })
      ).json()) as { id: string };
    const colleague = await user('Kollegin');
    const stranger = await user('Fremder');
    const me = ((await (await request.get('/api/v1/auth/me')).json()) as { user: { id: string } }).user;
    const team = await request.post('/api/v1/teams', {
      headers,
      data: { name: `Team ${suffix}`, memberIds: [me.id, colleague.id] },
    });
    expect(team.status()).toBe(201);
    const deal = async (title: string, ownerId: string, stageId = first.id) =>
      expect(
        (
          await request.post('/api/v1/deals', { headers, data: { title, pipelineId: pipeline.id, stageId, ownerId } })
        ).status(),
      ).toBe(201);
    await deal('Meine Chance', me.id);
    await deal('Chance der Kollegin', colleague.id);
    await deal('Fremde Chance', stranger.id);
    await deal('Heute gewonnen', me.id, won.id);

    await signIn(page, `/deals?pipeline=${pipeline.id}`);
    await expect(card(page, 'Meine Chance')).toBeVisible();
    await expect(card(page, 'Chance der Kollegin')).toHaveCount(0);
    await expect(card(page, 'Fremde Chance')).toHaveCount(0);
    await expect(card(column(page, won), 'Heute gewonnen')).toBeVisible();

    await page.getByTestId('owner-filter').getByText('Mein Team').click();
    await expect(page).toHaveURL(/owner=team/);
    await expect(card(page, 'Chance der Kollegin')).toBeVisible();
    await expect(card(page, 'Fremde Chance')).toHaveCount(0);
    await expect(column(page, first).getByTestId('stage-count')).toHaveText('2');

    await page.getByTestId('owner-filter').getByText('Alle').click();
    await expect(card(page, 'Fremde Chance')).toBeVisible();
    await expect(column(page, first).getByTestId('stage-count')).toHaveText('3');

    await page.getByTestId('period-filter').click();
    await page.getByRole('option', { name: 'Letztes Quartal' }).click();
    await expect(page).toHaveURL(/period=lastQuarter/);
    await expect(card(column(page, won), 'Heute gewonnen')).toHaveCount(0);
    await expect(column(page, won).getByTestId('stage-count')).toHaveText('0');
    await expect(card(page, 'Meine Chance')).toBeVisible();

    await page.reload();
    await expect(card(page, 'Fremde Chance')).toBeVisible();
    await expect(card(column(page, won), 'Heute gewonnen')).toHaveCount(0);
    await expect(page.getByTestId('period-filter')).toHaveValue('Letztes Quartal');
  });
});
