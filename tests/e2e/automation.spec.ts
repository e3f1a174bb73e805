// Issue 6's "done when": in a real workspace with a WhatsApp number connected
// to bandeja-sim, a member is added in Settings → Team, the owner steps away,
// Settings → Automation gets business hours (closed now), an out-of-hours
// auto-reply and a rotation step; then a customer writes, and the inbox shows
// the conversation assigned to the new member with the auto-reply in it —
// assignment and auto-reply done by the real core when the webhook is
// ingested, the reply sent by its outbox to the simulator.

import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { SIM, type Sim } from "./sim.ts";

test.use({ withSim: true, locale: "en-US", viewport: { width: 1280, height: 800 } });

const here = path.dirname(fileURLToPath(import.meta.url));
const shot = (name: string) => path.join(here, "..", "test-results", "screenshots", `automation-${name}.png`);
const CUSTOMER = "15550100177";
const REPLY = "Hola {{customer_name}}, ahora mismo estamos cerrados. Te respondemos en cuanto abramos.";

function needSim(sim: Sim | null): Sim {
  if (sim === null) throw new Error("this spec needs the simulator");
  return sim;
}

/**
 * A zone where Monday–Friday 09:00–18:00 is closed at `now`: among Madrid,
 * Tokyo and Los Angeles (8 and 9 hours apart) one always is.
 */
function closedZone(now: Date): string {
  const candidates = ["Europe/Madrid", "Asia/Tokyo", "America/Los_Angeles"];
  for (const zone of candidates) {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", weekday: "short", hour: "numeric", minute: "numeric" }).formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    const minutes = Number(get("hour")) * 60 + Number(get("minute"));
    const weekend = get("weekday") === "Sat" || get("weekday") === "Sun";
    // a margin of 5 minutes around the opening and closing
    if (weekend || minutes < 9 * 60 - 5 || minutes >= 18 * 60 + 5) return zone;
  }
  throw new Error("no closed zone found");
}

/** A screenshot of the whole settings page, however long (its content scrolls inside). */
async function tallShot(page: Page, name: string, height: number): Promise<void> {
  await page.setViewportSize({ width: 1280, height });
  await page.screenshot({ path: shot(name), animations: "disabled", caret: "hide" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a new member gets the out-of-hours conversation by rotation, with the automatic reply", async ({ page, api, sim: maybeSim }) => {
  test.setTimeout(90_000);
  const sim = needSim(maybeSim);
  await api.call("connect_whatsapp", {
    app_id: SIM.appId,
    app_secret: SIM.appSecret,
    waba_id: SIM.wabaId,
    phone_number_id: SIM.phoneNumberId,
    access_token: SIM.token,
  });
  const workspace = await api.call("get_workspace", null);
  const number = workspace.accounts[0];
  if (number === undefined) throw new Error("the number is not connected");

  // 1. Settings → Team: add Marta, online and authorized for the number
  await page.goto("/#/settings/team");
  await expect(page.getByTestId("team-settings")).toBeVisible();
  await page.getByTestId("add-member").click();
  const dialog = page.getByRole("dialog", { name: "Add a member" });
  await dialog.getByLabel("Name").fill("Marta");
  await dialog.getByLabel("Email").fill("marta@example.com");
  await expect(dialog.getByRole("radio", { name: "Online" })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: new RegExp(number.name) })).toBeChecked();
  await page.screenshot({ path: shot("member-form"), animations: "disabled", caret: "hide" });
  await dialog.getByTestId("member-save").click();
  await expect(dialog).toBeHidden();
  const marta = page.getByTestId("team-member").filter({ hasText: "Marta" });
  await expect(marta).toContainText("Online");
  await expect(marta).toContainText(number.name);

  // the owner (me) steps away: rotation skips them
  await page.getByTestId("my-availability").selectOption("away");
  await expect(page.getByTestId("me-menu")).toHaveAttribute("aria-label", /Away/);
  const team = await api.call("list_team", null);
  const martaId = team.members.find((m) => m.member.name === "Marta")?.member.id;
  expect(martaId).toBeDefined();
  expect(team.members.find((m) => m.is_me)?.member.availability).toBe("away");
  await page.screenshot({ path: shot("team"), animations: "disabled", caret: "hide" });

  // 2. Settings → Automation for the number
  await page.getByTestId("settings-automation").click();
  await expect(page.getByTestId("automation-account")).toHaveValue(String(number.id));
  await expect(page.getByTestId("open-state")).toHaveText("Always open");
  const hours = page.getByTestId("hours-card");
  await hours.getByRole("switch", { name: "Always open" }).click();
  // Monday to Friday, 09:00–18:00 is offered; a zone where that is closed now
  const zone = closedZone(new Date(workspace.now));
  await hours.getByLabel("Time zone").fill(zone);
  const monday = hours.getByTestId("hours-day-1");
  await expect(monday.getByLabel("Opens (Monday)")).toHaveValue("09:00");
  await expect(monday.getByLabel("Closes (Monday)")).toHaveValue("18:00");
  await expect(hours.getByTestId("hours-day-6")).toContainText("Closed");
  // a lunch break on Monday, copied to the other weekdays, then taken back
  await monday.getByLabel("Closes (Monday)").fill("14:00");
  await hours.getByRole("button", { name: "Add hours on Monday" }).click();
  await expect(monday.getByTestId("hours-span")).toHaveCount(2);
  await expect(monday.getByLabel("Opens (Monday)").nth(1)).toHaveValue("15:00");
  await monday.getByLabel("Opens (Monday)").nth(1).fill("12:00");
  await expect(monday).toContainText("Overlaps other hours of the day.");
  await expect(hours.getByTestId("hours-card-save")).toBeDisabled();
  await monday.getByLabel("Opens (Monday)").nth(1).fill("15:00");
  await expect(monday).not.toContainText("Overlaps");
  await hours.getByTestId("copy-monday").click();
  await expect(hours.getByTestId("hours-day-5").getByTestId("hours-span")).toHaveCount(2);
  await hours.getByTestId("hours-card-save").click();
  await expect(hours.getByTestId("hours-card-saved")).toBeVisible();
  await expect(page.getByTestId("open-state")).toHaveAttribute("data-open", "false");
  await expect(page.getByTestId("open-state")).toContainText("Closed · opens");

  // a rotation step
  const assignment = page.getByTestId("assignment-card");
  await expect(assignment.getByTestId("assignment-empty")).toBeVisible();
  await assignment.getByTestId("add-step").click();
  await expect(assignment.getByLabel("Rule of step 1")).toHaveValue("rotation");
  await assignment.getByTestId("assignment-card-save").click();
  await expect(assignment.getByTestId("assignment-card-saved")).toBeVisible();

  // the out-of-hours reply
  const autoReply = page.getByTestId("auto-reply-card");
  await autoReply.getByRole("switch", { name: "Send automatic replies" }).click();
  await autoReply.getByLabel("Out of hours").fill(REPLY);
  await autoReply.getByTestId("auto-reply-card-save").click();
  await expect(autoReply.getByTestId("auto-reply-card-saved")).toBeVisible();

  const rules = await api.call("get_automation", { account_id: number.id });
  expect(rules.hours?.timezone).toBe(zone);
  expect(rules.hours?.openings.filter((o) => o.weekday === 2)).toEqual([
    { weekday: 2, opens: "09:00", closes: "14:00" },
    { weekday: 2, opens: "15:00", closes: "18:00" },
  ]);
  expect(rules.open_now).toBe(false);
  expect(rules.assignment).toEqual([{ rule: { type: "rotation" }, fallback: { type: "next" } }]);
  expect(rules.auto_reply.outside_hours).toBe(REPLY);
  await page.getByTestId("automation-settings").evaluate((el) => el.closest(".settings-content")?.scrollTo(0, 0));
  await tallShot(page, "rules", 2300);

  // 3. a customer writes: the conversation is Marta's, with the out-of-hours reply
  await page.getByTestId("close-settings").click();
  await sim.control("/_sim/inbound", { from: CUSTOMER, name: "Lola Prieto", type: "text", text: { body: "Hola, ¿tenéis tornillos de 6 mm?" } });
  const row = page.getByTestId("conversation-row").filter({ hasText: "Lola Prieto" });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toHaveAttribute("data-assignee-id", String(martaId), { timeout: 15_000 });
  await expect(row.getByTestId("row-assignee")).toHaveAttribute("aria-label", "Assigned to Marta");
  await row.click();
  await expect(page.getByTestId("assignee-select")).toHaveValue(String(martaId));
  const sent = "Hola Lola Prieto, ahora mismo estamos cerrados. Te respondemos en cuanto abramos.";
  const reply = page.getByTestId("message-bubble").filter({ hasText: sent });
  await expect(reply).toBeVisible({ timeout: 15_000 });
  await expect(reply.getByTestId("delivery")).toHaveAttribute("data-state", /sent|delivered|read/, { timeout: 15_000 });
  // it reached the customer's phone (the simulator), once
  const outbound = (await sim.get("/_sim/outbound")) as Array<{ type: string; to?: string; request?: { text?: { body?: string } } }>;
  expect(outbound.filter((o) => JSON.stringify(o).includes("ahora mismo estamos cerrados"))).toHaveLength(1);
  await page.screenshot({ path: shot("inbox"), animations: "disabled", caret: "hide" });
});
