import { defineConfig, devices } from '@playwright/test'

// Drives Debian's chromium (never `npx playwright install`: nothing is downloaded) against a
// running `zoneops serve --demo`; run.sh starts one on a free port and sets ZONEOPS_URL.
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // The specs change shared server state (new enterprises, a locked account): one worker.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: 'artifacts/report', open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: process.env.ZONEOPS_URL ?? 'http://127.0.0.1:8080',
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium' }],
})
