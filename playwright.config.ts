// Browser tests (tests/e2e) against a running Farley server, in Debian's Chromium: Playwright
// never downloads a browser here. `npm test` starts the server and sets FARLEY_E2E_*;
// by hand: start a server, then FARLEY_E2E_URL=… FARLEY_E2E_EMAIL=… FARLEY_E2E_PASSWORD=… npx playwright test
import { defineConfig } from '@playwright/test';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const report = process.env.FARLEY_E2E_REPORT;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'dist/e2e-results',
  globalSetup: './tests/e2e/global-setup.ts',
  // Generous waits: the tests wait for states, never for fixed times, and a busy 2-core
  // machine (CI runs the database, the server, the build and two browsers side by side) can
  // take seconds for a page that normally appears at once.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Two workers beside the server and the database on a 2-core machine; FARLEY_E2E_WORKERS
  // to try others.
  workers: Number(process.env.FARLEY_E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: report ? [['list'], ['json', { outputFile: report }]] : [['list']],
  use: {
    baseURL: process.env.FARLEY_E2E_URL ?? 'http://127.0.0.1:3000',
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.FARLEY_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
