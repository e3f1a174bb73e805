// A workspace database written by a newer Bandeja: the window still opens and
// says so, instead of crashing or touching the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remote } from 'webdriverio';

const APP = process.env.BANDEJA_APP;
const PORT = Number(process.env.WD_PORT ?? 4444);
const dir = mkdtempSync(join(tmpdir(), 'bandeja-newer-'));
const db = join(dir, 'workspace.sqlite');
let browser;

before(async () => {
  // what a future version would leave behind
  execFileSync('python3', ['-c', `import sqlite3; c = sqlite3.connect(${JSON.stringify(db)}); c.execute("PRAGMA user_version = 999"); c.execute("CREATE TABLE future (x)"); c.commit()`]);
  browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    capabilities: {
      'tauri:options': { application: APP, args: ['--data-dir', dir] },
      'wdio:enforceWebDriverClassic': true,
    },
  });
});

after(async () => {
  if (browser) await browser.deleteSession();
});

test('the window explains that the database is from a newer version', async () => {
  const alert = await browser.$('[role="alert"]');
  await alert.waitForExist({ timeout: 20000 });
  assert.match(await alert.getText(), /newer version of Bandeja/);
  const size = statSync(db).size;
  assert.ok(size > 0, 'the file is left as it was');
});
