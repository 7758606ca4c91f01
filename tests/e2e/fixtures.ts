// Shared test setup: the seeded data, signing in, and a page that fails the test on any
// browser console error or uncaught exception.
import { test as base, expect, type Page } from '@playwright/test';

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

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (!expectedConsoleErrors.some((pattern) => pattern.test(text))) errors.push(`console: ${text} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await use(errors);
    expect(errors, 'browser console errors').toEqual([]);
  }, { auto: true }],
});

export { expect };

/** Signs in through the sign-in page and waits for the shell. */
export async function signIn(page: Page, path = '/', account: { email: string; password: string } = credentials) {
  await page.goto(path);
  await page.getByRole('textbox', { name: /^(Email|E-Mail)$/ }).fill(account.email);
  await page.getByRole('textbox', { name: /^(Password|Passwort)$/ }).fill(account.password);
  await page.getByRole('button', { name: /^(Sign in|Anmelden)$/ }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
}
