// Smoke tests of the real desktop window: tauri-driver -> WebKitWebDriver ->
// the Bandeja binary (built with --features custom-protocol), under Xvfb and
// a private D-Bus session (see run.sh). They prove the window starts, the UI
// talks to the Rust core over Tauri IPC, and core events reach the UI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { remote } from 'webdriverio';

const APP = process.env.BANDEJA_APP;
const PORT = Number(process.env.WD_PORT ?? 4444);
const SHOT = process.env.BANDEJA_SCREENSHOT;
let browser;

before(async () => {
  assert.ok(APP, 'BANDEJA_APP must point at the app binary');
  browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    capabilities: {
      'tauri:options': { application: APP },
      // WebKitWebDriver speaks classic WebDriver only
      'wdio:enforceWebDriverClassic': true,
    },
  });
});

after(async () => {
  if (browser) await browser.deleteSession();
});

test('the window opens on the demo inbox', async () => {
  const rows = await browser.$$('[data-testid="conversation-row"]');
  await browser.waitUntil(async () => (await browser.$$('[data-testid="conversation-row"]')).length > 5, {
    timeout: 20000,
    timeoutMsg: 'the conversation list did not fill',
  });
  assert.ok(rows !== undefined);
  const banner = await browser.$('[data-testid="demo-banner"]');
  assert.ok(await banner.isExisting(), 'demo banner shown');
});

test('opening a conversation loads its messages through Tauri IPC', async () => {
  const row = await browser.$('[data-testid="conversation-row"]');
  await row.click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid="message-bubble"]')).length > 0, {
    timeout: 10000,
    timeoutMsg: 'no message bubbles',
  });
  const panel = await browser.$('[data-testid="contact-panel"]');
  await panel.waitForExist({ timeout: 5000 });
});

test('an unread conversation becomes read, and the core event refreshes the list', async () => {
  const unread = await browser.$('[data-testid="conversation-row"]:has(.unread-badge)');
  if (!(await unread.isExisting())) {
    // every visible conversation is already read: nothing to prove here
    return;
  }
  const id = await unread.getAttribute('data-id');
  await unread.click();
  await browser.waitUntil(
    async () => !(await browser.$(`[data-testid="conversation-row"][data-id="${id}"] .unread-badge`).isExisting()),
    { timeout: 10000, timeoutMsg: 'unread badge still shown' },
  );
});

test('screenshot of the real window', async () => {
  if (!SHOT) return;
  mkdirSync(new URL('.', `file://${SHOT}`).pathname, { recursive: true });
  execFileSync('import', ['-window', 'root', SHOT]);
});
