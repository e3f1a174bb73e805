import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NOW, fakeBackend, workspace } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { MeMenu } from "./MeMenu";

describe("My availability menu", () => {
  it("opens on the current choice, moves with the arrows and sets away", async () => {
    const fake = fakeBackend();
    renderWithBackend(<MeMenu me={workspace.me} />, { backend: fake.backend, now: NOW });
    const user = userEvent.setup();
    const button = screen.getByRole("button", { name: "Your availability: Online" });
    await user.click(button);
    expect(document.activeElement).toBe(screen.getByRole("menuitemradio", { name: "Online" }));
    await user.keyboard("{ArrowDown}{Enter}");
    await waitFor(() => expect(fake.calls.find((c) => c.cmd === "set_availability")?.input).toEqual({ availability: "away" }));
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("closes with Escape without changing anything", async () => {
    const fake = fakeBackend();
    renderWithBackend(<MeMenu me={workspace.me} />, { backend: fake.backend, now: NOW });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("me-menu"));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(fake.calls.some((c) => c.cmd === "set_availability")).toBe(false);
  });
});
