import { expect, listedConversationIds, test } from "./fixtures.ts";

test.use({ demo: true });

test("each sidebar tag lists exactly its open conversations, as many as its count", async ({ page, api }) => {
  const workspace = await api.call("get_workspace", null);
  const counts = await api.call("counts", null);
  expect(workspace.tags.length).toBeGreaterThan(0);

  await page.goto("/");
  await expect(page.getByTestId("conversation-list")).toBeVisible();
  let nonEmpty = 0;
  for (const tag of workspace.tags) {
    const item = page.getByTestId("tag-item").filter({ hasText: tag.name });
    const expectedCount = counts.open_by_tag.find((c) => c.tag_id === tag.id)?.count ?? 0;
    await expect(item).toHaveText(new RegExp(`${tag.name}\\s*${expectedCount > 0 ? expectedCount : ""}$`));

    await item.click();
    await expect(item).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${tag.name}`) })).toBeVisible();
    await expect(page.getByTestId("tag-filter")).toHaveValue(String(tag.id));

    if (expectedCount === 0) {
      await expect(page.getByTestId("conversation-list-empty")).toBeVisible();
      continue;
    }
    nonEmpty += 1;
    const apiIds = (await api.conversations("all_open", { tag_id: tag.id })).map((c) => c.id);
    let ids: number[] = [];
    await expect(async () => {
      ids = await listedConversationIds(page);
      expect(ids).toEqual(apiIds);
    }).toPass();
    expect(ids.length, `rows of tag ${tag.name} = its sidebar count`).toBe(expectedCount);
    for (const id of ids) {
      const { summary } = await api.call("get_conversation", { id });
      expect(summary.tag_ids, `conversation ${id} carries tag ${tag.name}`).toContain(tag.id);
      expect(summary.status).not.toBe("resolved");
    }
  }
  expect(nonEmpty).toBeGreaterThanOrEqual(3);
});

test("the Tag filter of the list bar gives the same rows as the sidebar tag", async ({ page, api }) => {
  const workspace = await api.call("get_workspace", null);
  const counts = await api.call("counts", null);
  const busiest = [...counts.open_by_tag].sort((a, b) => b.count - a.count)[0];
  const tag = workspace.tags.find((t) => t.id === busiest?.tag_id);
  expect(tag).toBeDefined();
  if (tag === undefined || busiest === undefined) return;

  await page.goto("/");
  await expect(page.getByTestId("conversation-list")).toBeVisible();
  await page.getByTestId("tag-filter").selectOption({ label: tag.name });
  await expect(page.getByTestId("clear-filters")).toBeVisible();
  let ids: number[] = [];
  await expect(async () => {
    ids = await listedConversationIds(page);
    expect(ids).toHaveLength(busiest.count);
  }).toPass();
  for (const id of ids) expect((await api.call("get_conversation", { id })).summary.tag_ids).toContain(tag.id);

  await page.getByTestId("clear-filters").click();
  await expect(page.getByTestId("tag-filter")).toHaveValue("");
  await expect(async () => {
    expect(await listedConversationIds(page)).toHaveLength(counts.all_open);
  }).toPass();
});
