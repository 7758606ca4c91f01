// The sign-in form right after the page appears: usable before the first /auth/me has
// answered, and nothing typed or signed in is undone by that answer when it comes.
import type { Page } from '@playwright/test';
import { test, expect, credentials } from './fixtures.ts';

/**
 * Holds every answer to /auth/me until release(): the request reaches the server at once (so
 * it is answered for the cookies of that moment, as a slow answer is), the answer reaches the
 * page only then. settled resolves once the held answers were handed on.
 */
async function holdAuthMe(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const pending: Promise<void>[] = [];
  await page.route('**/api/v1/auth/me', (route) => {
    pending.push(
      route
        .fetch()
        .then(async (response) => {
          await released;
          await route.fulfill({ response });
        })
        // A request the app cancelled meanwhile takes no answer.
        .catch(() => {}),
    );
  });
  return { release, settled: async () => void (await Promise.all(pending)) };
}

test('what is typed before the first /auth/me answers stays in the form', async ({ page }) => {
  const me = await holdAuthMe(page);
  await page.context().clearCookies();
  await page.goto('/sign-in');
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  const password = page.getByRole('textbox', { name: 'Password', exact: true });
  await email.pressSequentially(credentials.email);
  await password.pressSequentially(credentials.password);
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/me'));
  me.release();
  expect((await answered).status()).toBe(401);
  await me.settled();
  await page.waitForTimeout(200); // the page renders what the answer changed
  await expect(email).toHaveValue(credentials.email);
  await expect(password).toHaveValue(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/today$/);
  await expect(page.getByRole('navigation')).toBeVisible();
});

test('signing in before the first /auth/me answers is not undone by its late answer', async ({ page }) => {
  const me = await holdAuthMe(page);
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(credentials.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/today$/);
  me.release();
  await me.settled();
  // Still signed in, with a working session: another area opens, no way back to sign-in.
  await page.getByRole('navigation').getByRole('link', { name: 'Deals' }).click();
  await expect(page.getByRole('heading', { name: 'Deals' })).toBeVisible();
  await expect(page).toHaveURL(/\/deals$/);
});
