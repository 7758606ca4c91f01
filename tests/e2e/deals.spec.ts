// The deals board: columns with formatted totals, moving a deal with the keyboard and the
// mouse (saved, and rolled back with the server's message when the deal changed meanwhile),
// and creating a deal through the form. Each test works in a pipeline of its own, so the
// totals are exact whatever the other tests create.
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
test.describe.configure({ timeout: 60_000 });

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
  await expect(card(from, deal.title)).toContainText('3/31/27');
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

test("a move the server refuses puts the card back and shows the server's message", async ({
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
  const problem = (await answer.json()) as { detail?: string; title?: string };
  await expect(page.getByText(problem.detail ?? problem.title ?? '')).toBeVisible();
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
  const from = (await created.boundingBox())!;
  const to = (await target.boundingBox())!;
  const saved = page.waitForResponse((r) => r.url().includes('/api/v1/deals/') && r.request().method() === 'PATCH');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 10 });
  await page.mouse.up();
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
