import { expect, listedConversationIds, test, watchEventsSocket } from "./fixtures.ts";

// A brand-new data dir: no workspace yet, so the welcome screen, in the browser's language.

test.describe("first run in Spanish", () => {
  test.use({ locale: "es-ES" });

  test("shows the welcome screen in Spanish", async ({ page }) => {
    await page.goto("/");
    const welcome = page.getByTestId("welcome");
    await expect(welcome.getByRole("heading", { level: 1 })).toHaveText("Te damos la bienvenida a Bandeja");
    await expect(page.getByTestId("open-demo")).toHaveText("Abrir espacio de demostración");
    await expect(welcome.getByText("Tus conversaciones se guardan en tu propio ordenador.")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });
});

test.describe("first run in English", () => {
  test.use({ locale: "en-US" });

  test("welcome → Open demo workspace → demo inbox → Leave demo, each state surviving a reload", async ({ page, api }) => {
    await page.goto("/");
    const welcome = page.getByTestId("welcome");
    await expect(welcome.getByRole("heading", { level: 1 })).toHaveText("Welcome to Bandeja");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByTestId("demo-banner")).toHaveCount(0);
    expect((await api.call("get_workspace", null)).is_demo).toBe(false);

    // open the demo: the inbox shell of the demo workspace, with its banner
    await page.getByRole("button", { name: "Open demo workspace" }).click();
    await expect(welcome).toHaveCount(0);
    const banner = page.getByTestId("demo-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Demo workspace");
    const workspace = await api.call("get_workspace", null);
    expect(workspace.is_demo).toBe(true);
    await expect(page.getByRole("navigation", { name: "Inbox navigation" })).toContainText(workspace.name);
    await expect(page.getByTestId("account-item")).toHaveCount(workspace.accounts.length);
    await expect(page.getByTestId("tag-item")).toHaveCount(workspace.tags.length);
    // (the conversations themselves: see "opening the demo lists its conversations without a reload" below)

    // the demo is stored by the core: after a reload, the inbox with many conversations
    const allOpen = (await api.conversations("all_open")).map((c) => c.id);
    expect(allOpen.length).toBeGreaterThanOrEqual(20);
    await page.reload();
    await expect(page.getByTestId("demo-banner")).toBeVisible();
    await expect(page.getByTestId("count-all_open")).toHaveText(String(allOpen.length));
    expect(await listedConversationIds(page)).toEqual(allOpen);
    await expect(page.getByTestId("welcome")).toHaveCount(0);

    // leave it: back to the welcome screen, also after a reload
    await page.getByTestId("leave-demo").click();
    await expect(page.getByTestId("welcome")).toBeVisible();
    await expect(page.getByTestId("demo-banner")).toHaveCount(0);
    await expect(page.getByTestId("conversation-row")).toHaveCount(0);
    expect((await api.call("get_workspace", null)).is_demo).toBe(false);

    await page.reload();
    await expect(page.getByTestId("welcome").getByRole("heading", { level: 1 })).toHaveText("Welcome to Bandeja");
    await expect(page.getByTestId("demo-banner")).toHaveCount(0);
  });

  test("opening the demo lists its conversations without a reload", async ({ page, api }) => {
    // Regression: the core announces `workspace_changed` on /events before the
    // open_demo_workspace response arrives, so the inbox mounts and starts loading
    // before the mutation settles; those in-flight queries must still complete. The
    // responses are held here only to make that interleaving certain.

    const socket = await watchEventsSocket(page);
    await page.goto("/");
    await socket.opened();
    await expect(page.getByTestId("welcome")).toBeVisible();

    let demoAnswered: () => void = () => undefined;
    const demoAnsweredP = new Promise<void>((resolve) => {
      demoAnswered = resolve;
    });
    const listRequested = page.waitForRequest("**/api/list_conversations");
    await page.route("**/api/list_conversations", async (route) => {
      await demoAnsweredP;
      await route.continue();
    });
    await page.route("**/api/open_demo_workspace", async (route) => {
      const response = await route.fetch();
      await listRequested; // the inbox mounted from the workspace_changed event
      await route.fulfill({ response });
      demoAnswered();
    });

    await page.getByTestId("open-demo").click();
    await expect(page.getByTestId("demo-banner")).toBeVisible();
    const allOpen = await api.conversations("all_open");
    expect(allOpen.length).toBeGreaterThan(0);
    await expect(page.getByTestId("count-all_open")).toHaveText(String(allOpen.length), { timeout: 5_000 });
    await expect(page.getByTestId("conversation-row").first()).toBeVisible({ timeout: 5_000 });
  });
});
