import { defineConfig } from '@playwright/test';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Ports can be moved so that two runs on one machine do not collide. */
const appPort = Number(process.env.E2E_APP_PORT ?? 4173);
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT ?? 4010);
const sandboxOrigin = `http://localhost:${sandboxPort}`;
const appOrigins = [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`].join(',');
const outDir = `.test-output/dist-${appPort}`;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: `.test-output/playwright-${appPort}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: `.test-output/playwright-${appPort}.json` }]],
  use: {
    baseURL: `http://localhost:${appPort}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    trace: 'off',
    screenshot: 'only-on-failure',
    // A service worker would precache the whole app in every new context and stand between page.route()
    // and the network (Playwright docs, "Service Workers"); the pwa specs allow it where it is the subject.
    serviceWorkers: 'block',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: `npx tsx sandbox/main.ts --fresh`,
      url: `http://localhost:${sandboxPort}/_sandbox/health`,
      env: {
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_DATA_DIR: `.test-output/sandbox-data-${sandboxPort}`,
        SANDBOX_APP_ORIGINS: appOrigins,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite build --logLevel warn --outDir ${outDir} && npx vite preview --outDir ${outDir} --port ${appPort} --strictPort`,
      url: `http://localhost:${appPort}/`,
      env: { VITE_SANDBOX_ORIGIN: sandboxOrigin },
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
