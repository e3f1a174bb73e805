import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fail } from "../../backend/types";
import { NOW, fakeBackend, team, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { TeamSettings } from "./TeamSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderTeam(overrides: Overrides = {}, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<TeamSettings workspace={workspace} />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

const rowOf = async (name: string) => (await screen.findByText(name)).closest("tr") as HTMLElement;

describe("Settings → Team", () => {
  it("lists each member with role, availability, capacity and the accounts they may see", async () => {
    renderTeam();
    const lucia = await rowOf("Lucía Romero");
    expect(within(lucia).getByText("you")).toBeTruthy();
    expect(within(lucia).getByText("Owner")).toBeTruthy();
    expect(within(lucia).getByText("No limit")).toBeTruthy();
    expect(within(lucia).getByText("Tienda Centro")).toBeTruthy();
    expect(within(lucia).getByText("Soporte")).toBeTruthy();
    // nobody removes themselves
    expect(within(lucia).queryByTestId("remove-member")).toBeNull();
    const diego = await rowOf("Diego Fernández");
    expect(within(diego).getByText("Agent")).toBeTruthy();
    expect(within(diego).getByText("Away")).toBeTruthy();
    expect(within(diego).getByText("Up to 10 open")).toBeTruthy();
    expect(within(diego).queryByText("Soporte")).toBeNull();
  });

  it("adds a member with their accounts, checking the form first", async () => {
    const { user, calls } = renderTeam();
    await user.click(await screen.findByTestId("add-member"));
    const dialog = screen.getByRole("dialog", { name: "Add a member" });
    // the name field has the focus
    expect(document.activeElement).toBe(within(dialog).getByLabelText("Name"));
    await user.click(within(dialog).getByTestId("member-save"));
    expect(within(dialog).getByText("Write the member's name.")).toBeTruthy();
    expect(within(dialog).getByText("Write the member's email.")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "save_member")).toBe(false);

    await user.type(within(dialog).getByLabelText("Name"), "Marta");
    await user.type(within(dialog).getByLabelText("Email"), "marta@example.com");
    await user.type(within(dialog).getByLabelText("Capacity"), "x");
    expect(within(dialog).getByText("Write a whole number, or leave it empty for no limit.")).toBeTruthy();
    await user.clear(within(dialog).getByLabelText("Capacity"));
    await user.type(within(dialog).getByLabelText("Capacity"), "3");
    await user.click(within(dialog).getByLabelText("Away"));
    // every account is ticked for a new member; she only answers WhatsApp
    await user.click(within(dialog).getByRole("checkbox", { name: /Soporte/ }));
    await user.click(within(dialog).getByTestId("member-save"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "save_member")?.input).toEqual({
      id: null,
      name: "Marta",
      email: "marta@example.com",
      role: "agent",
      availability: "away",
      capacity: 3,
      account_ids: [1],
    });
  });

  it("shows the core's refusal next to the field it names", async () => {
    const { user } = renderTeam({ save_member: () => fail({ code: "bad_input", message: "another member has this email" }) });
    await user.click(within(await rowOf("Diego Fernández")).getByTestId("edit-member"));
    const dialog = screen.getByRole("dialog", { name: "Edit Diego Fernández" });
    expect(within(dialog).getByLabelText<HTMLInputElement>("Capacity").value).toBe("10");
    fireEvent.change(within(dialog).getByLabelText("Email"), { target: { value: "lucia@example.com" } });
    await user.click(within(dialog).getByTestId("member-save"));
    const problems = await within(dialog).findByTestId("problems-member-email");
    expect(problems.textContent).toContain("another member has this email");
    expect(within(dialog).getByLabelText("Email").getAttribute("aria-invalid")).toBe("true");
  });

  it("removes a member after asking", async () => {
    const { user, calls } = renderTeam();
    await user.click(within(await rowOf("Diego Fernández")).getByRole("button", { name: "Remove Diego Fernández" }));
    const dialog = screen.getByRole("dialog", { name: "Remove Diego Fernández?" });
    await user.click(within(dialog).getByTestId("confirm-remove"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "delete_member")?.input).toEqual({ member_id: 2 }));
  });

  it("is read-only for an agent, who still sets their own availability", async () => {
    const { user, calls } = renderTeam({ list_team: () => ({ ...team, can_manage: false }) }, "es");
    expect(await screen.findByTestId("team-read-only")).toBeTruthy();
    expect(screen.queryByTestId("add-member")).toBeNull();
    expect(screen.queryByTestId("edit-member")).toBeNull();
    await user.selectOptions(screen.getByTestId("my-availability"), "offline");
    await waitFor(() => expect(calls.find((c) => c.cmd === "set_availability")?.input).toEqual({ availability: "offline" }));
    expect(screen.getByRole("columnheader", { name: "Cuentas" })).toBeTruthy();
  });
});
