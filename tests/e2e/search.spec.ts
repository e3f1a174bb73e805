import { expect, test } from "./fixtures.ts";

test.use({ demo: true });

test("a word from the demo finds highlighted hits; a hit opens its conversation", async ({ page, api }) => {
  const word = "presupuesto";
  const expected = (await api.call("search", { text: word, limit: 30 })).hits;
  expect(expected.length).toBeGreaterThan(1);

  await page.goto("/");
  await expect(page.getByTestId("conversation-list")).toBeVisible();
  await page.getByTestId("search-input").fill(word);

  const hits = page.getByTestId("search-hit");
  await expect(hits).toHaveCount(expected.length);
  await expect(page.getByTestId("search-results")).toContainText(`${expected.length} results`);
  for (let i = 0; i < expected.length; i++) {
    const hit = hits.nth(i);
    await expect(hit).toContainText(expected[i]?.contact_name ?? "");
    const marks = hit.locator("mark");
    await expect(marks.first()).toBeVisible();
    for (const text of await marks.allTextContents()) expect(text.toLowerCase()).toBe(word);
  }

  // open a hit that is not the first conversation of the list
  const target = expected[expected.length - 1];
  if (target === undefined) return;
  await hits.nth(expected.length - 1).click();
  await expect(page).toHaveURL(new RegExp(`#/c/${target.conversation_id}$`));
  await expect(page.getByTestId("conversation-name")).toHaveText(target.contact_name);
  await expect(page.getByTestId("message-list")).toContainText(new RegExp(word, "i"));
  await expect(page.getByTestId("contact-panel").getByRole("heading", { name: target.contact_name })).toBeVisible();

  // Esc clears the search and brings the list back
  await page.getByTestId("search-input").press("Escape");
  await expect(page.getByTestId("search-input")).toHaveValue("");
  await expect(page.getByTestId("conversation-list")).toBeVisible();
});

test("a word that exists nowhere shows the empty state", async ({ page, api }) => {
  const word = "zzqxwv";
  expect((await api.call("search", { text: word, limit: 30 })).hits).toEqual([]);

  await page.goto("/");
  await expect(page.getByTestId("conversation-list")).toBeVisible();
  await page.getByTestId("search-input").fill(word);
  const results = page.getByTestId("search-results");
  await expect(results.getByText(`Nothing matches “${word}”.`)).toBeVisible();
  await expect(results).toContainText("0 results");
  await expect(page.getByTestId("search-hit")).toHaveCount(0);
});
