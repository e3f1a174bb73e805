import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, renderedMessageKinds, row, test } from "./fixtures.ts";

// Full-window pictures (1280×800) of what a person sees, to look at after a run.
const here = path.dirname(fileURLToPath(import.meta.url));
// written next to the other test output (git-ignored); CI logs the paths
const shot = (name: string) => path.join(here, "..", "test-results", "screenshots", name);

test.use({ viewport: { width: 1280, height: 800 } });

test.describe("demo inbox", () => {
  test.use({ demo: true, locale: "en-US" });

  test("screenshot: demo inbox with a conversation open", async ({ page, api }, testInfo) => {
    // among the first rows, the conversation with the most kinds of messages
    const top = (await api.conversations("all_open")).slice(0, 6);
    let best = top[0];
    let bestKinds = 0;
    for (const c of top) {
      const kinds = new Set((await api.messages(c.id)).map((m) => m.kind)).size;
      if (kinds > bestKinds) [best, bestKinds] = [c, kinds];
    }
    if (best === undefined) throw new Error("no conversation in the demo");
    const messages = await api.messages(best.id);

    await page.goto("/");
    await row(page, best.id).click();
    await expect(page.getByTestId("conversation-name")).toHaveText(best.contact_name);
    await expect(page.getByTestId("contact-panel")).toBeVisible();
    expect(await renderedMessageKinds(page)).toEqual(messages.map((m) => m.kind));
    // back at the bottom, where a person lands when opening it
    await page.getByTestId("message-list").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(page.getByTestId("message-bubble").last()).toBeInViewport();
    await expect(row(page, best.id).getByLabel(/unread/)).toHaveCount(0);

    const file = shot("inbox-demo.png");
    await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
    await testInfo.attach("inbox-demo.png", { path: file, contentType: "image/png" });
  });
});

test.describe("welcome", () => {
  test.use({ locale: "es-ES" });

  test("screenshot: welcome screen in Spanish", async ({ page }, testInfo) => {
    await page.goto("/");
    await expect(page.getByTestId("welcome").getByRole("heading", { level: 1 })).toHaveText("Te damos la bienvenida a Bandeja");
    await expect(page.getByTestId("language-select")).toBeEnabled();
    const file = shot("welcome-es.png");
    await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
    await testInfo.attach("welcome-es.png", { path: file, contentType: "image/png" });
  });
});
