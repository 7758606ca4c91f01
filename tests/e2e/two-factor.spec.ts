// Two-factor sign-in in the browser: a user sets it up on the account page (the code is made
// here from the secret the page shows, as an authenticator app would), keeps the recovery
// codes, and signs in with a code and with a recovery code; a wrong code is refused. An admin
// makes it required in a workspace of their own and is taken to its setup before anything else.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { apiAs, expect, signInWithForm, test, unique } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const now = () => Math.floor(Date.now() / 1000);

async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

async function passwordStep(page: Page, account: { email: string; password: string }) {
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(account.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Open your authenticator app and enter the six-digit code for Farley.')).toBeVisible();
}

/** Sets two-factor sign-in up in the open setup: the secret read off the page, codes kept. */
async function completeSetup(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByTestId('two-factor-start').click();
  await expect(page.getByRole('img', { name: 'QR code for the authenticator app' })).toBeVisible();
  const secret = ((await page.getByTestId('two-factor-secret').textContent()) ?? '').replaceAll(' ', '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // The code of the step before now: the one of now is left for the sign-in that follows.
  await page.getByTestId('two-factor-code').fill(await generate({ secret, epoch: now() - 30 }));
  await page.getByRole('button', { name: 'Confirm and turn on' }).click();
  await expect(page.getByText('Your recovery codes')).toBeVisible();
  const codes = await page.getByTestId('recovery-code').allTextContents();
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

test('a user sets up two-factor sign-in and signs in with a code and with a recovery code', async ({ page }) => {
  const admin = await apiAs(page.request);
  const account = { email: `katrin.wagner-${unique()}@example.de`, password: 'Sonnenblume am Fenster' };
  await admin.post('/users', {
    email: account.email,
    name: 'Katrin Wagner',
    role: 'agent',
    password: account.password,
  });

  await signInWithForm(page, '/account', account);
  const card = page.getByTestId('two-factor-card');
  await expect(card.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await expect(page.getByTestId('two-factor-state')).toHaveText('Off');
  await page.getByTestId('two-factor-begin').click();
  const { secret, codes } = await completeSetup(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('download-recovery-codes').click();
  const file = readFileSync(await (await download).path(), 'utf8');
  for (const code of codes) expect(file).toContain(code);
  await page.getByTestId('recovery-codes-saved').click();
  await expect(page.getByTestId('two-factor-state')).toHaveText('On');
  await expect(page.getByTestId('recovery-codes-left')).toHaveText('10 recovery codes left.');

  // Signing in asks for the code; a wrong one is refused, the app's current one lets in.
  await signOut(page);
  await passwordStep(page, account);
  await page.getByTestId('sign-in-code').fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText('The code is wrong or was used already.');
  await page.getByTestId('sign-in-code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();

  // Without the phone: a recovery code, once.
  await signOut(page);
  await passwordStep(page, account);
  await page.getByTestId('use-recovery-code').click();
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
  await page.goto('/account');
  await expect(page.getByTestId('recovery-codes-left')).toHaveText('9 recovery codes left.');

  // Turning it off needs the password.
  await page.getByTestId('two-factor-off').click();
  await page.getByTestId('proof-password').fill(account.password);
  await page.getByTestId('proof-submit').click();
  await expect(page.getByTestId('two-factor-state')).toHaveText('Off');
});

test('an admin requires it for everyone and is taken to its setup first', async ({ page }) => {
  const admin = { email: `l.hoffmann-${unique()}@example.de`, password: 'Gartenzaun im Herbst' };
  execFileSync(
    process.execPath,
    [
      'bin/farley.js',
      'workspace',
      'create',
      '--name',
      'Hoffmann Elektrotechnik GmbH',
      '--admin-email',
      admin.email,
      '--admin-password',
      admin.password,
    ],
    { env: { ...process.env, DATABASE_URL: process.env.FARLEY_E2E_DATABASE_URL, FARLEY_JOBS: '0', FARLEY_DEMO: '0' } },
  );
  await signInWithForm(page, '/account', admin);
  const rule = page.getByTestId('two-factor-rule-card');
  await expect(rule.getByRole('heading', { name: 'Two-factor sign-in in the workspace' })).toBeVisible();
  await rule.getByText('Everyone', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Please set up two-factor sign-in' })).toBeVisible();
  await expect(
    page.getByText('Your workspace “Hoffmann Elektrotechnik GmbH” requires two-factor sign-in.'),
  ).toBeVisible();
  await completeSetup(page);
  await page.getByTestId('recovery-codes-saved').click();
  await expect(page.getByRole('navigation')).toBeVisible();
  await expect(page.getByTestId('two-factor-state')).toHaveText('On');
});
