import { afterEach, describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../App";
import { formatHash, parseHash } from "../../route";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { parseWaSub } from "./WhatsappSettings";

afterEach(() => {
  window.history.replaceState(null, "", "#/");
});

describe("WhatsApp settings routes", () => {
  it("keep the sub-page in the hash", () => {
    expect(parseHash("#/settings/whatsapp/3/templates/new")).toEqual({ screen: "settings", section: "whatsapp", sub: "3/templates/new" });
    expect(parseHash("#/settings/whatsapp")).toEqual({ screen: "settings", section: "whatsapp" });
    expect(parseHash("#/settings/nonsense/1")).toEqual({ screen: "settings", section: "general" });
    expect(parseHash("#/reports")).toEqual({ screen: "reports" });
    expect(formatHash({ screen: "reports" })).toBe("#/reports");
    expect(parseHash("#/settings/templates")).toEqual({ screen: "settings", section: "templates" });
    expect(formatHash({ screen: "settings", section: "whatsapp", sub: "connect" })).toBe("#/settings/whatsapp/connect");
    expect(formatHash({ screen: "settings", section: "tags" })).toBe("#/settings/tags");
  });

  it("name the page inside the WhatsApp area", () => {
    expect(parseWaSub("")).toEqual({ view: "overview" });
    expect(parseWaSub("connect")).toEqual({ view: "connect" });
    expect(parseWaSub("4")).toEqual({ view: "account", accountId: 4, page: "connection", editor: false });
    expect(parseWaSub("4/numbers")).toEqual({ view: "account", accountId: 4, page: "numbers", editor: false });
    expect(parseWaSub("4/templates/new")).toEqual({ view: "account", accountId: 4, page: "templates", editor: true });
  });
});

describe("Settings → WhatsApp in the app", () => {
  it("lists the Cloud API numbers and opens one's pages from the settings nav", async () => {
    const fake = fakeBackend({
      get_workspace: () => ({ ...workspace, is_demo: false }),
      list_phone_numbers: () => ({ items: [] }),
    });
    window.history.replaceState(null, "", "#/settings/general");
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("settings-whatsapp"));
    await screen.findByTestId("wa-overview");
    expect(screen.getAllByTestId("wa-open-account")).toHaveLength(1); // the IMAP account isn't listed
    await user.click(screen.getByTestId("wa-open-account"));
    await user.click(await screen.findByTestId("wa-tab-numbers"));
    await screen.findByText("Meta lists no number for this account.");
    expect(window.location.hash).toBe("#/settings/whatsapp/1/numbers");
  });

  it("stays reachable without any account, to connect the first number", async () => {
    const fake = fakeBackend({ get_workspace: () => ({ ...workspace, is_demo: false, accounts: [] }) });
    window.history.replaceState(null, "", "#/settings/whatsapp/connect");
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await screen.findByTestId("wa-connect");
    expect(screen.queryByTestId("welcome")).toBeNull();
    expect(screen.getByLabelText("WhatsApp Business Account ID")).toBeTruthy();
  });

  it("goes from Accounts to the connect form", async () => {
    const fake = fakeBackend({ get_workspace: () => ({ ...workspace, is_demo: false }) });
    window.history.replaceState(null, "", "#/settings/accounts");
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("connect-whatsapp"));
    await screen.findByTestId("wa-connect");
    await waitFor(() => expect(window.location.hash).toBe("#/settings/whatsapp/connect"));
  });
});
