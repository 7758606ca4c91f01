// The tasks page: grouping by due time, the customer each task belongs to, done with undo,
// postponing, reassigning and the filter by me, my team or everyone, in English and German.
import type { Page } from '@playwright/test';
import { apiAs, expectNoSidewaysScroll, test, expect, signIn } from './fixtures.ts';

interface Task {
  id: string;
  title: string;
  status: string;
  dueAt: string | null;
  assigneeId: string | null;
}

/** POSTs through the signed-in browser session (cookie + CSRF token), as the app does. */
async function apiPost<T>(page: Page, path: string, data: unknown): Promise<T> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': me.csrfToken } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as T;
}

/**
 * Loads every page of the list: the page shows the 200 soonest due first, and the shared test
 * workspace holds more open tasks than that once other tests have run.
 */
async function loadAllTasks(page: Page) {
  await expect(page.getByTestId('task-row').first()).toBeVisible();
  const more = page.getByTestId('tasks-load-more');
  while (await more.isVisible()) {
    const before = await page.getByTestId('task-row').count();
    await more.click();
    await expect.poll(() => page.getByTestId('task-row').count()).toBeGreaterThan(before);
  }
}

async function storedTask(page: Page, id: string): Promise<Task> {
  return (await (await page.request.get(`/api/v1/tasks/${id}`)).json()) as Task;
}

// Several pages and round trips per test: more than the default budget on a busy machine.
test.describe.configure({ timeout: 90_000 });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

/** The local day `daysAhead` from `from`, at the given time of day, as the app computes it. */
function localAt(daysAhead: number, from: Date, hours: number, minutes: number): string {
  return new Date(from.getFullYear(), from.getMonth(), from.getDate() + daysAhead, hours, minutes).toISOString();
}

// One walk over the tasks page for its actions (each test costs a fresh browser and the app's
// first load): completing, Undo, postponing to tomorrow and to next Monday, and a new task.
test('the tasks page completes a task, brings one back with Undo, postpones two, and creates one', async ({ page }) => {
  // Five checks' worth of pages and round trips.
  test.setTimeout(180_000);
  await signIn(page);
  const doneTitle = `Rückruf Müller ${unique()}`;
  const doneTask = await apiPost<Task>(page, '/tasks', {
    title: doneTitle,
    dueAt: hoursFromNow(-26),
    priority: 'high',
  });
  const undoTitle = `Angebot nachfassen ${unique()}`;
  const undoTask = await apiPost<Task>(page, '/tasks', { title: undoTitle, dueAt: hoursFromNow(-3) });
  const laterTitle = `Rückruf Becker ${unique()}`;
  const laterDue = new Date(Date.now() - 3 * 24 * 3600_000);
  laterDue.setHours(14, 30, 0, 0);
  const laterTask = await apiPost<Task>(page, '/tasks', { title: laterTitle, dueAt: laterDue.toISOString() });
  const mondayTitle = `Vertrag senden ${unique()}`;
  const mondayTask = await apiPost<Task>(page, '/tasks', { title: mondayTitle });

  await test.step('completing a task on the tasks page removes it from the open tasks', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Tasks' }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByRole('heading', { name: 'Tasks', exact: true })).toBeVisible();
    await loadAllTasks(page);
    const overdue = page.getByTestId('tasks-group-overdue');
    await expect(overdue.getByRole('heading', { name: 'Overdue' })).toBeVisible();
    const row = overdue.getByTestId('task-row').filter({ hasText: doneTitle });
    await expect(row).toBeVisible();
    await expect(row).toContainText('High');

    await row.getByRole('button', { name: `Complete “${doneTitle}”` }).click();
    await expect(page.getByTestId('task-row').filter({ hasText: doneTitle })).toHaveCount(0);
    expect((await storedTask(page, doneTask.id)).status).toBe('done');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Tasks', exact: true })).toBeVisible();
    await loadAllTasks(page);
    await expect(page.getByTestId('task-row').filter({ hasText: doneTitle })).toHaveCount(0);
  });

  await test.step('a task marked done comes back with Undo', async () => {
    const row = page.getByTestId('task-row').filter({ hasText: undoTitle });
    await row.getByRole('button', { name: `Complete “${undoTitle}”` }).click();
    await expect(row).toHaveCount(0);
    const notice = page.getByTestId('task-change-notice').filter({ hasText: `“${undoTitle}” is done.` });
    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect(
      page.getByTestId('tasks-group-overdue').getByTestId('task-row').filter({ hasText: undoTitle }),
    ).toBeVisible();
    const stored = await storedTask(page, undoTask.id);
    expect(stored.status).toBe('open');
    expect(stored.dueAt).toBe(undoTask.dueAt);
  });

  await test.step('an overdue task is postponed to tomorrow at the same time of day, and back with Undo', async () => {
    const row = page.getByTestId('tasks-group-overdue').getByTestId('task-row').filter({ hasText: laterTitle });
    await row.getByRole('button', { name: `Postpone “${laterTitle}”` }).click();
    await page.getByRole('menuitem', { name: /^Tomorrow/ }).click();
    await expect(
      page.getByTestId('tasks-group-upcoming').getByTestId('task-row').filter({ hasText: laterTitle }),
    ).toBeVisible();
    expect((await storedTask(page, laterTask.id)).dueAt).toBe(localAt(1, new Date(), 14, 30));

    await page
      .getByTestId('task-change-notice')
      .filter({ hasText: laterTitle })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect(row).toBeVisible();
    expect((await storedTask(page, laterTask.id)).dueAt).toBe(laterTask.dueAt);
  });

  await test.step('a task without due date is postponed to next Monday at 9:00', async () => {
    const row = page.getByTestId('tasks-group-noDue').getByTestId('task-row').filter({ hasText: mondayTitle });
    await row.getByTestId('task-postpone').click();
    await page.getByRole('menuitem', { name: /^Next week/ }).click();
    await expect(
      page.getByTestId('tasks-group-upcoming').getByTestId('task-row').filter({ hasText: mondayTitle }),
    ).toBeVisible();
    const today = new Date();
    expect((await storedTask(page, mondayTask.id)).dueAt).toBe(localAt((8 - today.getDay()) % 7 || 7, today, 9, 0));
  });

  await test.step('a new task is created from the tasks page', async () => {
    await page.getByTestId('new-task').click();
    await expect(page).toHaveURL(/\/tasks\/new$/);
    const title = `Angebot Köhler ${unique()}`;
    await page.getByRole('textbox', { name: /^Title/ }).fill(title);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.goto('/tasks');
    await loadAllTasks(page);
    await expect(page.getByTestId('task-row').filter({ hasText: title })).toBeVisible();
  });
});

test('a task shows its customers as links, and its title opens the customer', async ({ page }) => {
  await signIn(page);
  const suffix = unique();
  const company = await apiPost<{ id: string }>(page, '/companies', { name: `Brauerei Lenz ${suffix}` });
  const contact = await apiPost<{ id: string }>(page, '/contacts', { firstName: 'Greta', lastName: `Lenz ${suffix}` });
  const deal = await apiPost<{ id: string }>(page, '/deals', { title: `Sudhaus ${suffix}`, companyId: company.id });
  const title = `Angebot Sudhaus ${suffix}`;
  await apiPost<Task>(page, '/tasks', {
    title,
    dueAt: hoursFromNow(3),
    contactIds: [contact.id],
    dealIds: [deal.id],
  });
  const lonely = `Ablage ordnen ${suffix}`;
  const unlinked = await apiPost<Task>(page, '/tasks', { title: lonely, dueAt: hoursFromNow(4) });
  await page.goto('/tasks');
  await loadAllTasks(page);
  const row = page.getByTestId('task-row').filter({ hasText: title });
  const customers = row.getByTestId('task-customers');
  await expect(customers.getByRole('link', { name: `Greta Lenz ${suffix}`, exact: true })).toBeVisible();
  await expect(customers.getByRole('link', { name: `Sudhaus ${suffix}`, exact: true })).toBeVisible();

  await row.getByTestId('task-title').click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByRole('heading', { name: `Greta Lenz ${suffix}` })).toBeVisible();
  await page.goBack();
  await loadAllTasks(page);
  await page
    .getByTestId('task-row')
    .filter({ hasText: title })
    .getByRole('link', { name: `Sudhaus ${suffix}`, exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));

  // Without a customer, the title opens the task's form; with one, the form is the edit button.
  await page.goto('/tasks');
  await loadAllTasks(page);
  await page.getByTestId('task-row').filter({ hasText: lonely }).getByTestId('task-title').click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${unlinked.id}/edit$`));
  await page.goto('/tasks');
  await loadAllTasks(page);
  await page
    .getByTestId('task-row')
    .filter({ hasText: title })
    .getByRole('link', { name: `Edit “${title}”` })
    .click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}\/edit$/);
  await expect(page.getByRole('textbox', { name: /^Title/ })).toHaveValue(title);
});

test('reassigning a task to a colleague through its owner takes it out of my tasks', async ({ page }) => {
  await signIn(page);
  const suffix = unique();
  const colleague = await apiPost<{ id: string; name: string }>(page, '/users', {
    email: `kollegin-${suffix}@farley.example`,
    name: `Kollegin ${suffix}`,
    role: 'agent',
  });
  const title = `Vertrag prüfen ${suffix}`;
  const task = await apiPost<Task>(page, '/tasks', { title, dueAt: hoursFromNow(1) });
  await page.goto('/tasks');
  const row = page.getByTestId('task-row').filter({ hasText: title });
  await expect(row.getByRole('combobox')).toHaveCount(0);
  await row.getByTestId('task-owner').click();
  // Waiting for the PATCH tells a lost click apart from a list that was not refreshed.
  const patched = page.waitForResponse(
    (response) => response.url().endsWith(`/api/v1/tasks/${task.id}`) && response.request().method() === 'PATCH',
  );
  await page.getByRole('option', { name: colleague.name }).click();
  expect((await patched).status()).toBe(200);
  await expect(page.getByTestId('task-row').filter({ hasText: title })).toHaveCount(0);
  expect((await storedTask(page, task.id)).assigneeId).toBe(colleague.id);
  await page.getByText('Everyone', { exact: true }).click();
  await expect(page.getByTestId('task-row').filter({ hasText: title }).getByTestId('task-owner')).toContainText(
    colleague.name,
  );
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('the filter shows my tasks, my team’s and everyone’s, and stays in the address', async ({ page, request }) => {
    const admin = await apiAs(request);
    const suffix = unique();
    const password = `passwort-${suffix}`;
    const newUser = (name: string) =>
      admin.post<{ id: string; email: string }>('/users', {
        email: `${name.toLowerCase()}-${suffix}@farley.example`,
        name: `${name} ${suffix}`,
        role: 'agent',
        password,
      });
    const [me, colleague, stranger] = await Promise.all([newUser('Ich'), newUser('Kollege'), newUser('Fremd')]);
    await admin.post('/teams', { name: `Vertrieb Nord ${suffix}`, memberIds: [me.id, colleague.id] });
    for (const [title, assignee] of [
      [`Meine Aufgabe ${suffix}`, me],
      [`Aufgabe des Kollegen ${suffix}`, colleague],
      [`Fremde Aufgabe ${suffix}`, stranger],
    ] as const) {
      await admin.post('/tasks', { title, assigneeId: assignee.id, dueAt: hoursFromNow(5) });
    }
    const shown = page.getByTestId('task-row').filter({ hasText: suffix });

    await signIn(page, '/tasks', { email: me.email, password });
    await expect(page.getByRole('heading', { name: 'Aufgaben', exact: true })).toBeVisible();
    await expect(shown).toHaveText([new RegExp(`Meine Aufgabe ${suffix}`)]);
    await page.getByText('Mein Team', { exact: true }).click();
    await expect(page).toHaveURL(/owner=team/);
    await expect(shown).toHaveCount(2);
    await expect(shown.filter({ hasText: 'Aufgabe des Kollegen' }).getByTestId('task-owner')).toContainText(
      `Kollege ${suffix}`,
    );
    await expect(page.getByTestId('task-no-team')).toHaveCount(0);
    await page.getByText('Alle', { exact: true }).click();
    await loadAllTasks(page);
    await expect(shown).toHaveCount(3);
    await page.reload();
    await expect(page.getByRole('radio', { name: 'Alle' })).toBeChecked();
    await loadAllTasks(page);
    await expect(shown).toHaveCount(3);
  });

  test('“Mein Team” without a team shows one’s own tasks and says why', async ({ page, request }) => {
    const admin = await apiAs(request);
    const suffix = unique();
    const password = `passwort-${suffix}`;
    const loner = await admin.post<{ id: string; email: string }>('/users', {
      email: `allein-${suffix}@farley.example`,
      name: `Allein ${suffix}`,
      role: 'agent',
      password,
    });
    await admin.post('/tasks', { title: `Eigene Aufgabe ${suffix}`, assigneeId: loner.id, dueAt: hoursFromNow(5) });
    await signIn(page, '/tasks?owner=team', { email: loner.email, password });
    await expect(page.getByTestId('task-no-team')).toHaveText(
      'Sie gehören zu keinem Team, daher zeigt „Mein Team“ Ihre eigenen Aufgaben.',
    );
    await expect(page.getByTestId('task-row').filter({ hasText: suffix })).toHaveCount(1);
  });

  test('more than 200 open tasks: the soonest due first, the rest with “Weitere laden”', async ({ page, request }) => {
    const admin = await apiAs(request);
    const suffix = unique();
    const password = `passwort-${suffix}`;
    const busy = await admin.post<{ id: string; email: string }>('/users', {
      email: `viel-${suffix}@farley.example`,
      name: `Viel Arbeit ${suffix}`,
      role: 'agent',
      password,
    });
    // 205 tasks, due one hour apart: the first page holds 200, the last five come on the second.
    const numbers = Array.from({ length: 205 }, (_, index) => index + 1);
    for (let start = 0; start < numbers.length; start += 15) {
      await Promise.all(
        numbers.slice(start, start + 15).map((n) =>
          admin.post('/tasks', {
            title: `Rückruf ${String(n).padStart(3, '0')} ${suffix}`,
            assigneeId: busy.id,
            dueAt: hoursFromNow(24 + n),
          }),
        ),
      );
    }
    await signIn(page, '/tasks', { email: busy.email, password });
    const rows = page.getByTestId('task-row');
    await expect(rows).toHaveCount(200);
    await expect(page.getByText('Die 200 dringendsten Aufgaben werden angezeigt.')).toBeVisible();
    await expect(rows.filter({ hasText: `Rückruf 200 ${suffix}` })).toHaveCount(1);
    await expect(rows.filter({ hasText: `Rückruf 201 ${suffix}` })).toHaveCount(0);
    await page.getByRole('button', { name: 'Weitere laden' }).click();
    await expect(rows).toHaveCount(205);
    await expect(rows.last()).toContainText(`Rückruf 205 ${suffix}`);
    await expect(page.getByTestId('tasks-load-more')).toHaveCount(0);
  });

  test('on a phone, a task is postponed to next week and marked done with Rückgängig', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    const suffix = unique();
    const company = await apiPost<{ id: string }>(page, '/companies', { name: `Gärtnerei Sommer ${suffix}` });
    const title = `Rückruf unterwegs ${suffix}`;
    const task = await apiPost<Task>(page, '/tasks', {
      title,
      dueAt: hoursFromNow(-2),
      companyIds: [company.id],
    });
    await page.goto('/tasks');
    const row = page.getByTestId('task-row').filter({ hasText: title });
    await expect(row).toBeVisible();
    // Other tests' older tasks come first; what counts is that the row's controls fit its width.
    await row.scrollIntoViewIfNeeded();
    for (const control of [
      row.getByTestId('task-complete'),
      row.getByTestId('task-postpone'),
      row.getByTestId('task-edit'),
      row.getByTestId('task-owner'),
      row.getByRole('link', { name: `Gärtnerei Sommer ${suffix}` }),
    ]) {
      await expect(control).toBeInViewport();
    }
    await expectNoSidewaysScroll(page);

    await row.getByRole('button', { name: `„${title}“ verschieben` }).click();
    await page.getByRole('menuitem', { name: /^Nächste Woche/ }).click();
    await expect(
      page.getByTestId('tasks-group-upcoming').getByTestId('task-row').filter({ hasText: title }),
    ).toBeVisible();
    const today = new Date();
    const due = new Date(task.dueAt!);
    expect((await storedTask(page, task.id)).dueAt).toBe(
      localAt((8 - today.getDay()) % 7 || 7, today, due.getHours(), due.getMinutes()),
    );

    await page.getByRole('button', { name: `„${title}“ erledigen` }).click();
    await expect(page.getByTestId('task-row').filter({ hasText: title })).toHaveCount(0);
    await page
      .getByTestId('task-change-notice')
      .filter({ hasText: `„${title}“ ist erledigt.` })
      .getByRole('button', { name: 'Rückgängig' })
      .click();
    await expect(page.getByTestId('task-row').filter({ hasText: title })).toBeVisible();
    expect((await storedTask(page, task.id)).status).toBe('open');
  });

  test('“Datum wählen” postpones to a day picked in the German calendar', async ({ page }) => {
    await signIn(page);
    const title = `Messe vorbereiten ${unique()}`;
    const task = await apiPost<Task>(page, '/tasks', { title, dueAt: hoursFromNow(-30) });
    await page.goto('/tasks');
    await page.getByTestId('task-row').filter({ hasText: title }).getByTestId('task-postpone').click();
    await page.getByRole('menuitem', { name: 'Datum wählen …' }).click();
    const dialog = page.getByRole('dialog', { name: `„${title}“ verschieben auf …` });
    // The calendar speaks German: weekdays Mo … So.
    await expect(dialog.getByText('Mo', { exact: true })).toBeVisible();
    await dialog.getByRole('button', { name: 'Nächster Monat' }).click();
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth() + 1, 15);
    const month = next.toLocaleString('de-DE', { month: 'long' });
    await dialog.getByRole('button', { name: `15 ${month} ${next.getFullYear()}`, exact: true }).click();
    await expect(dialog).toHaveCount(0);
    const due = new Date(task.dueAt!);
    expect((await storedTask(page, task.id)).dueAt).toBe(
      new Date(next.getFullYear(), next.getMonth(), 15, due.getHours(), due.getMinutes()).toISOString(),
    );
  });
});
