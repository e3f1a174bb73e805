// Settings → WhatsApp against the real core and bandeja-sim: a member
// connects a number by hand, Meta's webhook handshake succeeds with the
// values the page shows, the templates are there, and a new template goes
// to review and comes back approved by webhook.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "./fixtures.ts";
import { SIM, type Sim } from "./sim.ts";

test.use({ withSim: true, locale: "en-US", viewport: { width: 1280, height: 800 } });

const here = path.dirname(fileURLToPath(import.meta.url));
const shot = (name: string) => path.join(here, "..", "test-results", "screenshots", `whatsapp-settings-${name}.png`);

function needSim(sim: Sim | null): Sim {
  if (sim === null) throw new Error("this spec needs the simulator");
  return sim;
}

test("a member connects a number, Meta's handshake works, and a new template is reviewed", async ({ page, sim: maybeSim, pageErrors }) => {
  test.setTimeout(60_000);
  const sim = needSim(maybeSim);
  // first run: the welcome screen leads to the connect form
  await page.goto("/");
  await page.getByTestId("connect-whatsapp").click();
  const form = page.getByTestId("wa-connect");
  await expect(form).toBeVisible();
  await form.getByLabel("App ID", { exact: true }).fill(SIM.appId);
  await form.getByLabel("App secret", { exact: true }).fill(SIM.appSecret);
  await form.getByLabel("WhatsApp Business Account ID", { exact: true }).fill(SIM.wabaId);
  await form.getByLabel("Phone number ID", { exact: true }).fill(SIM.phoneNumberId);
  // a wrong token: Test says what Meta said, nothing is saved
  await form.getByLabel("Access token", { exact: true }).fill("wrong-token-123456");
  await page.getByTestId("wa-test").click();
  await expect(form.getByRole("alert")).toBeVisible();
  // the browser logs the refused call (HTTP 401 from the bridge): expected here, nothing else is
  const expected = pageErrors.findIndex((e) => e.includes("status of 401"));
  expect(expected).toBeGreaterThanOrEqual(0);
  pageErrors.splice(expected, 1);
  await form.getByLabel("Access token", { exact: true }).fill(SIM.token);
  await page.getByTestId("wa-test").click();
  await expect(page.getByTestId("wa-test-result")).toContainText("Tienda Ejemplo");
  await page.screenshot({ path: shot("connect") });
  await page.getByTestId("wa-connect-submit").click();

  // the connection page shows what to type into Meta's webhook settings
  const connection = page.getByTestId("wa-connection");
  await expect(connection).toBeVisible();
  const callback = await page.getByTestId("wa-callback-url").inputValue();
  const verify = await page.getByTestId("wa-verify-token").inputValue();
  expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/whatsapp$/);
  const handshake = (await sim.control("/_sim/handshake", { url: callback, verify_token: verify })) as { ok: boolean };
  expect(handshake.ok).toBe(true);
  // the webhook test: the page turns green when Meta's first webhook arrives
  await expect(page.getByTestId("wa-no-event")).toBeVisible();
  await sim.control("/_sim/inbound", { from: "15550100123", name: "Ana Ruiz", type: "text", text: { body: "Hola" } });
  await expect(page.getByTestId("wa-last-event")).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: shot("connection") });

  // templates were synced; a rejected one shows why
  const accountPath = new URL(page.url()).hash.replace(/\/connection$/, "");
  await page.goto(`/${accountPath}/templates`);
  await expect(page.getByTestId("wa-template-row").filter({ hasText: "pedido_enviado" })).toBeVisible();
  // the simulator's six seeds (with the window reminder, seguimos_en_contacto)
  await expect(page.getByTestId("wa-template-row")).toHaveCount(6);

  // a new template: problems shown while typing, then submitted for review
  await page.getByTestId("wa-new-template").click();
  const editor = page.getByTestId("wa-template-editor");
  await editor.getByLabel("Name", { exact: true }).fill("Presupuesto Listo");
  await editor.getByLabel("Body", { exact: true }).fill("Hola {{1}}, su presupuesto ya está listo para recoger.");
  await expect(page.getByTestId("wa-tpl-submit")).toBeDisabled();
  await editor.getByLabel("Name", { exact: true }).fill("presupuesto_listo");
  await editor.getByLabel("Sample for {{1}}").fill("Ana");
  await expect(page.getByTestId("wa-preview-body")).toContainText("Hola Ana, su presupuesto");
  await expect(page.getByTestId("wa-tpl-submit")).toBeEnabled();
  await page.screenshot({ path: shot("editor") });
  await page.getByTestId("wa-tpl-submit").click();
  const row = page.getByTestId("wa-template-row").filter({ hasText: "presupuesto_listo" });
  await expect(row).toContainText(/review|pending/i);
  // Meta reviews it: the status webhook updates the list without a sync
  await sim.control("/_sim/clock/advance", { seconds: 30 });
  await expect(row).toContainText(/approved|rejected/i, { timeout: 15_000 });
  await page.screenshot({ path: shot("templates") });
});
