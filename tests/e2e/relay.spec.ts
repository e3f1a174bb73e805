// Issue 4's "done when": Meta (bandeja-sim) posts webhooks to a real
// bandeja-relay process; two desktops (two bridges, two data dirs) enroll
// with it from Settings → Relay and both show the conversation; one is
// killed (-9) for a burst and, restarted on its data dir, catches up with
// nothing missing and nothing twice.

import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { request as playwrightRequest, type Browser, type Page } from "@playwright/test";
import { startBridge, type Bridge } from "./bridge.ts";
import { apiClient, expect, test, type ApiClient } from "./fixtures.ts";
import { startRelay, type Relay } from "./relay.ts";
import { SIM, startSim, type Sim } from "./sim.ts";

test.use({
  launchOptions: {
    executablePath: process.env.BANDEJA_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--no-default-browser-check"],
  },
});

const here = path.dirname(fileURLToPath(import.meta.url));
const shot = (name: string) => path.join(here, "..", "test-results", "screenshots", `relay-${name}.png`);
const BURST = 12;

interface Desktop {
  bridge: Bridge;
  api: ApiClient;
  page: Page;
}

/** A bridge on `dataDir` (fresh when absent), its API client and a page on it. */
async function desktop(browser: Browser, sim: Sim, dataDir?: string): Promise<Desktop> {
  const bridge = await startBridge({ demo: false, graphUrl: sim.url, dataDir });
  const request = await playwrightRequest.newContext({ baseURL: bridge.url });
  const context = await browser.newContext({ baseURL: bridge.url, locale: "es-ES" });
  const page = await context.newPage();
  page.on("pageerror", (err) => {
    throw err;
  });
  return { bridge, api: apiClient(request), page };
}

/** Settings → Relay, as a member does it: address + one-time code. */
async function enroll(d: Desktop, relay: Relay): Promise<void> {
  await d.page.goto("/#/settings/relay");
  await d.page.getByLabel("Dirección del relay").fill(relay.url);
  await d.page.getByLabel("Código de alta").fill(relay.code());
  await d.page.screenshot({ path: shot("enroll-form") });
  await d.page.getByTestId("relay-enroll-submit").click();
  await expect(d.page.getByTestId("relay-state")).toHaveAttribute("data-state", "connected", { timeout: 15_000 });
}

async function connectNumber(d: Desktop): Promise<void> {
  await d.api.call("connect_whatsapp", {
    app_id: SIM.appId,
    app_secret: SIM.appSecret,
    waba_id: SIM.wabaId,
    phone_number_id: SIM.phoneNumberId,
    access_token: SIM.token,
  });
}

/** Every conversation's messages, as "contact: text" lines, sorted. */
async function everything(api: ApiClient): Promise<string[]> {
  const lines: string[] = [];
  for (const c of await api.conversations("all_open")) {
    for (const m of await api.messages(c.id)) {
      if (m.content.type === "text") lines.push(`${c.contact_name}: ${m.content.body}`);
    }
  }
  return lines.sort();
}

test("two desktops receive through a real relay; one killed during a burst catches up", async ({ browser }) => {
  test.setTimeout(120_000);
  const sim = await startSim();
  const relay = await startRelay(SIM.appSecret);
  const started: Bridge[] = [];
  let bDir: string | undefined;
  try {
    // Meta's callback points at the relay, which answers Meta's handshake
    await sim.control("/_sim/webhook_url", { url: relay.callbackUrl });
    expect(await sim.control("/_sim/handshake", { verify_token: relay.verifyToken })).toEqual({ ok: true });

    const a = await desktop(browser, sim);
    const b = await desktop(browser, sim);
    started.push(a.bridge, b.bridge);
    bDir = b.bridge.dataDir;
    for (const d of [a, b]) {
      await connectNumber(d);
      await enroll(d, relay);
    }
    await a.page.screenshot({ path: shot("settings-connected") });

    // a customer writes: both desktops show the conversation
    await sim.control("/_sim/inbound", { from: "15550100123", name: "Ana Ruiz", type: "text", text: { body: "Hola, ¿abren el sábado?" } });
    for (const d of [a, b]) {
      await d.page.goto("/#/");
      await expect(d.page.getByTestId("conversation-row").filter({ hasText: "Ana Ruiz" })).toBeVisible({ timeout: 15_000 });
    }

    // a burst arrives; B is killed (-9) in the middle of it, while taking
    // webhooks: some ingested and acked, maybe one ingested but not acked
    for (let n = 1; n <= BURST; n++) {
      if (n === BURST / 3) {
        await b.bridge.kill();
        await b.page.close();
      }
      await sim.control("/_sim/inbound", {
        from: `1555010${String(n).padStart(4, "0")}`,
        name: `Cliente ${n}`,
        type: "text",
        text: { body: `Pedido ${n}` },
      });
    }
    await expect.poll(async () => (await a.api.conversations("all_open")).length, { timeout: 20_000 }).toBe(BURST + 1);
    const expected = await everything(a.api);
    expect(expected).toHaveLength(BURST + 1);

    // B comes back on its data dir: the relay replays from B's cursor
    const b2 = await desktop(browser, sim, bDir);
    started.push(b2.bridge);
    await expect.poll(async () => (await everything(b2.api)).join("\n"), { timeout: 30_000 }).toBe(expected.join("\n"));
    await b2.page.goto("/#/");
    await expect(b2.page.getByTestId("conversation-row")).toHaveCount(BURST + 1, { timeout: 15_000 });
    await b2.page.goto("/#/settings/relay");
    await expect(b2.page.getByTestId("relay-state")).toHaveAttribute("data-state", "connected", { timeout: 15_000 });
    await expect(b2.page.getByTestId("relay-backlog")).toHaveText("0 webhooks");
    await b2.page.screenshot({ path: shot("caught-up") });
  } catch (e) {
    writeFileSync(test.info().outputPath("relay.log"), relay.log());
    for (const [i, b] of started.entries()) writeFileSync(test.info().outputPath(`bridge-${i}.log`), b.log());
    throw e;
  } finally {
    for (const b of started) await b.stop();
    if (bDir !== undefined) rmSync(bDir, { recursive: true, force: true });
    await relay.stop();
    await sim.stop();
  }
});
