import { expect, test } from "./fixtures.ts";

test.describe("in the inbox, with a Spanish browser", () => {
  test.use({ demo: true, locale: "es-ES" });

  test("Settings → General switches to English and back to Spanish at once; the choice survives a reload", async ({ page, api }) => {
    expect((await api.call("get_settings", null)).locale).toBeNull();
    await page.goto("/");
    const allOpen = page.getByTestId("view-all_open");
    await expect(allOpen).toContainText("Abiertas");

    await page.getByTestId("open-settings").click();
    await expect(page).toHaveURL(/#\/settings\/general$/);
    await page.getByTestId("settings-general").click();
    const settings = page.getByTestId("settings");
    await expect(settings.getByRole("heading", { level: 1 })).toHaveText("Ajustes");
    const select = settings.getByTestId("language-select");
    await expect(select).toHaveValue("system");

    // English: labels change at once, and the core stores the choice
    await select.selectOption("en");
    await expect(settings.getByRole("heading", { level: 1 })).toHaveText("Settings");
    await expect(allOpen).toContainText("All open");
    await expect(page.getByTestId("view-snoozed")).toContainText("Snoozed");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect.poll(async () => (await api.call("get_settings", null)).locale).toBe("en");

    // a reload keeps English although the browser says Spanish
    await page.reload();
    await expect(page.getByTestId("settings").getByRole("heading", { level: 1 })).toHaveText("Settings");
    await expect(allOpen).toContainText("All open");
    await expect(page.getByTestId("language-select")).toHaveValue("en");

    // back to Spanish
    await page.getByTestId("language-select").selectOption("es");
    await expect(page.getByTestId("settings").getByRole("heading", { level: 1 })).toHaveText("Ajustes");
    await expect(allOpen).toContainText("Abiertas");
    await expect(page.getByTestId("view-snoozed")).toContainText("Pospuestas");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect.poll(async () => (await api.call("get_settings", null)).locale).toBe("es");
    await page.reload();
    await expect(allOpen).toContainText("Abiertas");
    await expect(page.getByTestId("language-select")).toHaveValue("es");
  });
});

test.describe("on the welcome screen, with an English browser", () => {
  test.use({ locale: "en-US" });

  test("choosing Español there translates the screen and is kept after a reload", async ({ page, api }) => {
    await page.goto("/");
    const heading = page.getByTestId("welcome").getByRole("heading", { level: 1 });
    await expect(heading).toHaveText("Welcome to Bandeja");

    await page.getByTestId("language-select").selectOption("es");
    await expect(heading).toHaveText("Te damos la bienvenida a Bandeja");
    await expect.poll(async () => (await api.call("get_settings", null)).locale).toBe("es");

    await page.reload();
    await expect(heading).toHaveText("Te damos la bienvenida a Bandeja");

    // "System" follows the browser again
    await page.getByTestId("language-select").selectOption("system");
    await expect(heading).toHaveText("Welcome to Bandeja");
    await expect.poll(async () => (await api.call("get_settings", null)).locale).toBeNull();
    await page.reload();
    await expect(heading).toHaveText("Welcome to Bandeja");
  });
});
