import { execFileSync } from 'node:child_process';
// Shared test setup: the seeded data, signing in, and a page that fails the test on any
// browser console error or uncaught exception.
import { test as base, expect, type APIRequestContext, type Cookie, type Page } from '@playwright/test';
import { instantOf } from '../../src/server/platform/zonedTime.ts';

export const seedContact = {
  firstName: 'Jürgen',
  lastName: 'Müller',
  email: 'j.mueller@example.de',
  phone: '030 1234567',
  city: 'Berlin',
};

export const credentials = {
  email: process.env.FARLEY_E2E_EMAIL ?? '',
  password: process.env.FARLEY_E2E_PASSWORD ?? '',
};

// The browser logs every 4xx response as a console error. A 401 is expected where a test
// provokes it (a wrong password; /auth/me before sign-in); any other error fails the test.
const expectedConsoleErrors = [/Failed to load resource: the server responded with a status of 401/];

/** The errors each test allowed (allowConsoleErrors), by the test's list of errors. */
const allowedErrors = new WeakMap<string[], RegExp[]>();

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        if (!expectedConsoleErrors.some((pattern) => pattern.test(text)))
          errors.push(`console: ${text} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      await use(errors);
      const allowed = allowedErrors.get(errors) ?? [];
      expect(
        errors.filter((error) => !allowed.some((pattern) => pattern.test(error))),
        'browser console errors',
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

// One session per account and worker: the first signIn of a worker signs in through the API
// and keeps the session cookie; later tests put it into their fresh browser context. The
// sign-in page itself is tested with signInWithForm (which makes a session of its own, so
// signing out there ends no other test's session).
const sessions = new Map<string, Cookie[]>();

/** Opens `path` signed in as `account` (the test user by default) and waits for the shell. */
export async function signIn(page: Page, path = '/', account: { email: string; password: string } = credentials) {
  const context = page.context();
  await context.clearCookies();
  const kept = sessions.get(account.email);
  if (kept) await context.addCookies(kept);
  else {
    // context.request shares the context's cookies: the session cookie lands in the browser.
    const login = await context.request.post('/api/v1/auth/login', {
      data: { email: account.email, password: account.password },
    });
    expect(login.ok(), await login.text()).toBe(true);
    sessions.set(account.email, await context.cookies());
  }
  await page.goto(path);
  // The first page of a fresh context loads the whole app: patience on a busy machine.
  await expect(page.getByRole('navigation')).toBeVisible({ timeout: 30_000 });
}

/** Signs in through the sign-in page (where `path` leads when signed out) and waits for the shell. */
export async function signInWithForm(
  page: Page,
  path = '/',
  account: { email: string; password: string } = credentials,
) {
  await page.context().clearCookies();
  await page.goto(path);
  await page.getByRole('textbox', { name: /^(Email|E-Mail)$/ }).fill(account.email);
  await page.getByRole('textbox', { name: /^(Password|Passwort)$/ }).fill(account.password);
  await page.getByRole('button', { name: /^(Sign in|Anmelden)$/ }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

/**
 * Signs the test's request context in through the API, for seeding: `headers` carry the
 * session's CSRF token (for any write), `post` creates a record and expects 201.
 */
export async function apiAs(request: APIRequestContext, account: { email: string; password: string } = credentials) {
  const login = await request.post('/api/v1/auth/login', { data: account });
  expect(login.ok()).toBe(true);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const post = async <T>(path: string, data: unknown): Promise<T> => {
    const response = await request.post(`/api/v1${path}`, { headers, data });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as T;
  };
  return { headers, post };
}

/**
 * Takes the console errors a test provokes on purpose (a refused request) out of the failing
 * ones: those logged so far and any the page logs later in the test (a frame drawn again
 * after the last step logs its refusal once more).
 */
export function allowConsoleErrors(errors: string[], pattern: RegExp) {
  allowedErrors.set(errors, [...(allowedErrors.get(errors) ?? []), pattern]);
  for (let index = errors.length - 1; index >= 0; index -= 1) if (pattern.test(errors[index]!)) errors.splice(index, 1);
}

/** A short random suffix that keeps one test's records apart from another's. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/** The page does not scroll sideways; polled, as the layout settles a moment after a resize. */
export async function expectNoSidewaysScroll(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), {
      message: 'sideways overflow in pixels',
    })
    .toBeLessThanOrEqual(0);
}

/**
 * Counts the user's clicks from now on: every pointer press (a click, a tap, the start of a
 * drag) anywhere in the app, across page loads; typing and keyboard shortcuts do not count.
 * `clicks()` reads the count so far.
 */
export async function countClicks(page: Page) {
  await page.addInitScript(() => {
    window.addEventListener(
      'pointerdown',
      () => sessionStorage.setItem('farley-clicks', String(Number(sessionStorage.getItem('farley-clicks') ?? 0) + 1)),
      { capture: true },
    );
  });
  await page.evaluate(() => sessionStorage.setItem('farley-clicks', '0'));
  // The listener of the init script runs on the next load; install it on this one too.
  await page.evaluate(() =>
    window.addEventListener(
      'pointerdown',
      () => sessionStorage.setItem('farley-clicks', String(Number(sessionStorage.getItem('farley-clicks') ?? 0) + 1)),
      { capture: true },
    ),
  );
  return { clicks: () => page.evaluate(() => Number(sessionStorage.getItem('farley-clicks') ?? 0)) };
}

/** A new workspace filled by `farley demo` (extra arguments such as `--contacts 100`); its admin's sign-in. */
export function demoAccount(args: string[] = []): { email: string; password: string } {
  const demo = JSON.parse(
    execFileSync(process.execPath, ['bin/farley.js', 'demo', ...args], {
      env: { ...process.env, DATABASE_URL: process.env.FARLEY_E2E_DATABASE_URL, FARLEY_JOBS: '0', FARLEY_DEMO: '0' },
      encoding: 'utf8',
    }),
  ) as { adminEmail: string; adminPassword: string };
  return { email: demo.adminEmail, password: demo.adminPassword };
}

/**
 * A Berlin wall-clock time ('YYYY-MM-DD', 'HH:mm') as an ISO instant, whatever zone the test
 * runner is in: for seeding what a browser in Europe/Berlin shows at that time.
 */
export function berlin(day: string, time: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return instantOf({ year, month, day: date, hour, minute, second: 0 }, 'Europe/Berlin').toISOString();
}
