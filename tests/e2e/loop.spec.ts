// A sales rep's everyday loop, walked from the start page and counted in clicks (issue 19):
// see an overdue task, open its customer, log a call with its outcome, set the follow-up,
// create a deal for the customer from its page, move it on the board, mark another deal lost
// with a reason and reopen it. At most 12 clicks (taps, drag starts; typing and keyboard
// shortcuts do not count) and no global search — in German at desktop size and in English at
// phone size (each language and each size once, not every pairing). Both runs share one demo
// workspace (seeding one costs many seconds): the board holds the demo's deals and the loops'
// own, which each run tells apart by a suffix of its own.
import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, apiAs, countClicks, unique, demoAccount } from './fixtures.ts';

interface Pipeline {
  id: string;
  stages: { id: string; name: string; kind: 'open' | 'won' | 'lost' }[];
}

const sizes = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

const texts = {
  de: {
    reached: 'Erreicht',
    subject: 'Betreff',
    tomorrow: 'Morgen',
    followUpSet: /^Wiedervorlage für .* angelegt\.$/,
    newDeal: '+ Verkaufschance',
    dealDialog: 'Neue Verkaufschance',
    title: 'Titel',
    create: 'Verkaufschance anlegen',
    board: 'Auf dem Board zeigen',
    lostDialog: (title: string) => `Warum wurde „${title}“ verloren?`,
    reason: 'Kein Budget',
    confirmLost: 'Als verloren markieren',
    lostButton: 'Verloren',
    reopen: 'Wieder öffnen',
  },
  en: {
    reached: 'Reached',
    subject: 'Subject',
    tomorrow: 'Tomorrow',
    followUpSet: /^Follow-up set for .*\.$/,
    newDeal: '+ Deal',
    dealDialog: 'New deal',
    title: 'Title',
    create: 'Create deal',
    board: 'Show on the board',
    lostDialog: (title: string) => `Why was “${title}” lost?`,
    reason: 'No budget',
    confirmLost: 'Mark as lost',
    lostButton: 'Lost',
    reopen: 'Reopen',
  },
} as const;

/** Drags a card with the mouse (one press) into the next column, which is at least partly in view. */
async function drag(page: Page, moving: Locator, target: Locator) {
  await moving.scrollIntoViewIfNeeded();
  const from = (await moving.boundingBox())!;
  const to = (await target.boundingBox())!;
  const toX = Math.min(to.x + Math.min(to.width / 2, 40), page.viewportSize()!.width - 10);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  await page.mouse.move(toX, Math.max(to.y + 60, from.y), { steps: 12 });
  await page.mouse.up();
}

test.describe.configure({ timeout: 180_000 });

// The runs of this file go one after the other in one worker; a retry or a new worker seeds again.
let account: { email: string; password: string };
test.beforeAll(() => {
  account = demoAccount();
});

for (const [run, language, size] of [
  [0, 'de', 'desktop'],
  [1, 'en', 'phone'],
] as const) {
  test(`the daily loop in at most 12 clicks (${language}, ${size})`, async ({ page, request }) => {
    const words = texts[language];
    const { post } = await apiAs(request, account);
    const suffix = unique();
    // The overdue call, due long ago so that it heads the start page's list (each run's
    // longer ago than the one before, which left its own task open).
    const company = await post<{ id: string; name: string }>('/companies', {
      name: `Bäckerei Lindner ${suffix}`,
    });
    const contact = await post<{ id: string }>('/contacts', {
      salutation: 'Frau',
      firstName: 'Greta',
      lastName: `Lindner ${suffix}`,
      phones: [{ number: '+49 89 4455667', label: 'office' }],
    });
    await post(`/contacts/${contact.id}/affiliations`, { companyId: company.id, isPrimary: true });
    const taskTitle = `Angebot nachfassen ${suffix}`;
    await post('/tasks', {
      title: taskTitle,
      dueAt: new Date(Date.now() - (900 + 100 * run) * 24 * 3600_000).toISOString(),
      contactIds: [contact.id],
    });
    const pipelines = (await (await request.get('/api/v1/pipelines')).json()) as { data: Pipeline[] };
    const pipeline = pipelines.data[0]!;
    const [firstStage, secondStage] = pipeline.stages.filter((stage) => stage.kind === 'open');
    // The other deal, the one that is lost today.
    const otherTitle = `Ofenwartung ${suffix}`;
    const other = await post<{ id: string }>('/deals', {
      title: otherTitle,
      pipelineId: pipeline.id,
      stageId: firstStage!.id,
      companyId: company.id,
      amount: { amount: '1800.00', currency: 'EUR' },
    });

    await page.setViewportSize(sizes[size]);
    const searches: string[] = [];
    // The global search asks /search for every type; pickers ask for their own type only.
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/search' && !url.searchParams.has('types')) searches.push(r.url());
    });
    await page.addInitScript((lang) => localStorage.setItem('farley.language', lang), language);
    await signIn(page, '/', account);
    await expect(page).toHaveURL(/\/today$/);
    const { clicks } = await countClicks(page);

    // 1. The overdue task, with its customer one click away.
    const line = page.getByTestId('today-task').filter({ hasText: taskTitle });
    await line.getByTestId('link-contact').click();
    await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));

    // 2. The call: its outcome in one click, a subject typed, saved with Ctrl+Enter.
    const quick = page.getByTestId('quick-entry');
    await quick.getByTestId('call-outcome').getByText(words.reached, { exact: true }).click();
    const subject = quick.getByRole('textbox', { name: words.subject });
    await subject.focus();
    await page.keyboard.type('Angebot besprochen, Entscheidung nächste Woche');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('timeline-entry').first()).toContainText('Angebot besprochen');

    // 3. The follow-up, offered in the same flow.
    await page.getByTestId('follow-up').getByRole('button', { name: words.tomorrow }).click();
    await expect(page.getByText(words.followUpSet)).toBeVisible();

    // 4. A deal from the customer page: customer and company filled in already.
    await page.getByRole('button', { name: words.newDeal }).click();
    const dialog = page.getByRole('dialog', { name: words.dealDialog });
    const newTitle = `Backstraße Filiale Süd ${suffix}`;
    await dialog.getByRole('textbox', { name: words.title }).focus();
    await page.keyboard.type(newTitle);
    await dialog.getByRole('button', { name: words.create }).click();

    // 5. To the board from the notice, and the new deal one stage on.
    await page.getByTestId('deal-created-notice').getByRole('button', { name: words.board }).click();
    await expect(page).toHaveURL(/\/deals\?pipeline=/);
    const column = (name: string) => page.getByRole('region', { name, exact: true });
    const card = (scope: Locator, title: string) => scope.getByTestId('deal-card').filter({ hasText: title });
    await drag(page, card(column(firstStage!.name), newTitle), column(secondStage!.name));
    await expect(card(column(secondStage!.name), newTitle)).toBeVisible();

    // 6. The other deal lost from its page (the lost column is screens away on a phone and
    // beyond the right edge on a laptop): the reason in one click, confirmed, then reopened.
    await card(column(firstStage!.name), otherTitle).getByRole('link').first().click();
    await expect(page).toHaveURL(new RegExp(`/deals/${other.id}$`));
    await page.getByRole('button', { name: words.lostButton, exact: true }).click();
    const lost = page.getByRole('dialog', { name: words.lostDialog(otherTitle) });
    await lost.getByText(words.reason, { exact: true }).click();
    await lost.getByRole('button', { name: words.confirmLost }).click();
    await expect(lost).toBeHidden();
    await page.getByRole('button', { name: words.reopen }).click();

    // What the loop left behind, as the server has it.
    await expect
      .poll(async () => ((await (await request.get(`/api/v1/deals/${other.id}`)).json()) as { status: string }).status)
      .toBe('open');
    const deals = (await (
      await request.get(`/api/v1/deals?q=${encodeURIComponent(newTitle)}&trashed=false`)
    ).json()) as { data: { title: string; stageId: string; contactId: string; companyId: string }[] };
    expect(deals.data.find((deal) => deal.title === newTitle)).toMatchObject({
      stageId: secondStage!.id,
      contactId: contact.id,
      companyId: company.id,
    });
    const calls = (await (await request.get(`/api/v1/activities?contactId=${contact.id}&type=call`)).json()) as {
      data: { outcome: string }[];
    };
    expect(calls.data).toEqual([expect.objectContaining({ outcome: 'reached' })]);

    const count = await clicks();
    console.log(`the daily loop (${language}, ${size}): ${count} clicks`);
    expect(count, 'clicks for the whole loop').toBeLessThanOrEqual(12);
    expect(searches, 'global searches during the loop').toEqual([]);
  });
}
