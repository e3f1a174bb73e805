import type { View } from "../../ui/src/bindings/index.ts";
import { expect, listedConversationIds, row, test } from "./fixtures.ts";

test.use({ demo: true });

const VIEWS: View[] = ["all_open", "mine", "unassigned", "snoozed", "resolved"];

test("each view lists as many rows as its sidebar count; Snoozed and Resolved differ from All open", async ({ page, api }) => {
  const counts = await api.call("counts", null);
  await page.goto("/");
  await expect(page.getByTestId("conversation-list")).toBeVisible();

  const shown = new Map<View, number[]>();
  for (const view of VIEWS) {
    const button = page.getByTestId(`view-${view}`);
    await button.click();
    await expect(button).toHaveAttribute("aria-current", "page");
    const apiIds = (await api.conversations(view)).map((c) => c.id);
    let ids: number[] = [];
    await expect(async () => {
      ids = await listedConversationIds(page);
      expect(ids).toEqual(apiIds);
    }).toPass();
    const countText = await page.getByTestId(`count-${view}`).textContent();
    expect(Number(countText), `sidebar count of ${view}`).toBe(ids.length);
    expect(ids.length, `counts.${view}`).toBe(counts[view]);
    expect(new Set(ids).size, `no duplicate rows in ${view}`).toBe(ids.length);
    shown.set(view, ids);
  }

  const allOpen = new Set(shown.get("all_open"));
  for (const view of ["snoozed", "resolved"] as const) {
    const ids = shown.get(view) ?? [];
    expect(ids.length, `${view} is not empty in the demo`).toBeGreaterThan(0);
    expect(ids.filter((id) => allOpen.has(id)), `${view} rows are not in All open`).toEqual([]);
  }
  const resolved = new Set(shown.get("resolved"));
  expect((shown.get("snoozed") ?? []).filter((id) => resolved.has(id))).toEqual([]);
  // Mine and Unassigned are parts of All open
  for (const view of ["mine", "unassigned"] as const) {
    expect((shown.get(view) ?? []).every((id) => allOpen.has(id)), `${view} ⊂ all_open`).toBe(true);
  }

  // what a row of each view says about its status
  await page.getByTestId("view-snoozed").click();
  const snoozedId = shown.get("snoozed")?.[0] ?? -1;
  await row(page, snoozedId).click();
  await expect(page.getByTestId("conversation-view").locator("header")).toContainText("Snoozed");
  await page.getByTestId("view-resolved").click();
  const resolvedId = shown.get("resolved")?.[0] ?? -1;
  await row(page, resolvedId).click();
  await expect(page.getByTestId("conversation-view").locator("header")).toContainText("Resolved");
});
