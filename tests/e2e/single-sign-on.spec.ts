// Sign-in through an identity provider in Chromium, against a real OpenID Connect provider
// (oidc-provider) started here: an admin sets it up on the Single-Sign-on page, a user finds
// "Anmelden mit Microsoft Entra" on the sign-in page by typing her email, signs in at the
// provider and lands in Farley; a refused sign-in comes back with a clear message. In a demo
// workspace of its own, in German; with the screenshots of the sign-in page and the card.
import type { Page } from '@playwright/test';
import { startTestProvider, type TestProvider } from '../../src/server/testing/oidcProvider.ts';
import { test, expect, signIn, apiAs, demoAccount } from './fixtures.ts';

test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
test.describe.configure({ mode: 'serial', timeout: 60_000 });

const domain = 'nordlicht-handel.de';
let provider: TestProvider;
let admin: { email: string; password: string };

test.beforeAll(async ({ baseURL }) => {
  admin = demoAccount();
  provider = await startTestProvider([`${baseURL}/api/v1/auth/oidc/callback`]);
});
test.afterAll(async () => {
  await provider?.close();
});

/**
 * The provider's own pages ask for a web font from the internet (unreachable here) and a
 * favicon it does not have: answered empty, so that they log no error in the browser.
 */
async function quietProviderPages(page: Page) {
  await page.route('https://fonts.googleapis.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/css', body: '' }),
  );
  await page.route(`${provider.issuer}/favicon.ico`, (route) => route.fulfill({ status: 204, body: '' }));
}

async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide' });
}

test('an admin sets up the identity provider on the Single-Sign-on page', async ({ page }) => {
  await signIn(page, '/single-sign-on', admin);
  await expect(page.getByRole('heading', { name: 'Single Sign-on' })).toBeVisible();
  const card = page.getByTestId('oidc-settings');
  await card.getByRole('textbox', { name: /Beschriftung der Schaltfläche/ }).fill('Microsoft Entra');
  await card.getByRole('textbox', { name: /Aussteller-URL/ }).fill(provider.issuer);
  await card.getByRole('textbox', { name: /Client-ID/ }).fill(provider.clientId);
  await card.getByLabel(/Client-Geheimnis/).fill(provider.clientSecret);
  const domains = card.getByLabel(/Zugelassene E-Mail-Domains/);
  await domains.fill(domain);
  await domains.press('Enter');
  await page.getByTestId('oidc-save').click();
  await expect(page.getByText('Die Einstellungen des Identitätsanbieters sind gespeichert.')).toBeVisible();
  await expect(
    card.getByText('Ein Geheimnis ist gespeichert (verschlüsselt). Leer lassen, um es zu behalten.'),
  ).toBeVisible();
  await expect(page.getByTestId('oidc-redirect-uri')).toHaveText(/\/api\/v1\/auth\/oidc\/callback$/);
  await expect(page.getByTestId('oidc-sign-in-url')).toHaveText(/\/sign-in\?workspace=[0-9a-f-]{36}$/);
  // The picture shows what an Entra ID tenant's issuer looks like (typed, not saved) rather
  // than the test provider's address on this machine.
  await card
    .getByRole('textbox', { name: /Aussteller-URL/ })
    .fill('https://login.microsoftonline.com/4f6d2c1e-8b3a-4e59-9d27-1c0a5e7b3f42/v2.0');
  await card.getByRole('textbox', { name: /Client-ID/ }).fill('7c9e41b2-3d5a-4f08-b6e1-92a4c0d8e5f3');
  await page.getByRole('heading', { name: 'Single Sign-on' }).click();
  // Without the notification of the save, and tall enough for the whole card.
  await page.locator('.mantine-Notification-root').getByRole('button').click();
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 1050 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'single-sign-on');
});

test('a user signs in with the provider from the sign-in page', async ({ page, request }) => {
  await quietProviderPages(page);
  const { post } = await apiAs(request, admin);
  const email = `anna.schmidt@${domain}`;
  await post('/users', { email, name: 'Anna Schmidt', role: 'agent' });
  await page.context().clearCookies();
  await page.goto('/sign-in?next=%2Fcontacts');
  await page.getByRole('textbox', { name: 'E-Mail', exact: true }).fill(email);
  const button = page.getByRole('link', { name: 'Anmelden mit Microsoft Entra' });
  await expect(button).toBeVisible();
  await shoot(page, 'sign-in-provider');
  await button.click();
  // The provider's own pages (its development sign-in and consent forms).
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await expect(page.locator('input[name="login"]')).toHaveValue(email);
  await page.locator('input[name="password"]').fill('beliebig');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole('navigation')).toBeVisible();
  const me = await page.request.get('/api/v1/auth/me');
  expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
});

test('a user the workspace does not know is told so on the sign-in page', async ({ page }) => {
  await quietProviderPages(page);
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'E-Mail', exact: true }).fill(`jonas.becker@${domain}`);
  await page.getByRole('link', { name: 'Anmelden mit Microsoft Entra' }).click();
  await page.locator('input[name="password"]').fill('beliebig');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/sign-in\?error=oidc_no_user/);
  await expect(page.getByTestId('sign-in-error')).toContainText(
    'In diesem Arbeitsbereich gibt es keinen aktiven Benutzer mit Ihrer E-Mail-Adresse.',
  );
  // The link's workspace offers its button again, without typing.
  await expect(page.getByRole('link', { name: 'Anmelden mit Microsoft Entra' })).toBeVisible();
});
