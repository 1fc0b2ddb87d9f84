import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Playwright drives the system's Chromium; it never downloads a browser.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `No Chromium at ${chromium}. Install Debian's browser with 'apt-get install chromium', or set CHROMIUM_PATH to a Chromium binary.`,
  );
}

const PORT = Number(process.env.E2E_PORT ?? 8181);

export default defineConfig({
  testDir: 'e2e',
  testIgnore: ['perf/**'],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // A fresh data folder each run, so specs start from the demo workspace; the test build has the read-only test hooks.
    command: `tsx src/server/cli/ensure-build.ts dist-e2e && rm -rf .tmp/e2e-data && DATA_DIR=.tmp/e2e-data STATIC_DIR=dist-e2e PORT=${PORT} tsx src/server/main.ts`,
    url: `http://127.0.0.1:${PORT}/api/auth/me`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
