import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const here = path.dirname(fileURLToPath(import.meta.url));

// Each test starts its own real `bandeja-dev-bridge` on a fresh data dir and a
// free port (see fixtures.ts); the fixture sets `baseURL` to it and stops it
// afterwards. global-setup.ts only checks that the binary and the built UI exist.
export default defineConfig({
  testDir: here,
  testMatch: "**/*.spec.ts",
  globalSetup: path.join(here, "global-setup.ts"),
  outputDir: path.join(here, "..", "test-results"),
  reporter: "list",
  workers: 1, // 2-core machine: one browser at a time
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "Europe/Madrid",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.BANDEJA_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
});
