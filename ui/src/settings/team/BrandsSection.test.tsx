import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
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

describe("Settings → Team → Brands", () => {
  it("lists each brand with its country, members and number of accounts, and explains the rule", async () => {
    renderTeam();
    const brand = await screen.findByTestId("brand");
    expect(within(brand).getByText("Ferretería Ríos")).toBeTruthy();
    expect(within(brand).getByText(/Spain · 1 account/)).toBeTruthy();
    const members = within(brand).getByRole("list", { name: "Members" });
    expect(within(members).getByText("Lucía Romero")).toBeTruthy();
    expect(within(members).getByText("Diego Fernández")).toBeTruthy();
    expect(screen.getByText(/“Brand rotation” assignment rule/)).toBeTruthy();
  });

  it("adds a brand with its country and members, checking the name first", async () => {
    const { user, calls } = renderTeam();
    await user.click(await screen.findByTestId("add-brand"));
    const dialog = screen.getByRole("dialog", { name: "Add a brand" });
    expect(document.activeElement).toBe(within(dialog).getByLabelText("Name"));
    await user.click(within(dialog).getByTestId("brand-save"));
    expect(within(dialog).getByText("Write the brand's name.")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "save_brand")).toBe(false);

    await user.type(within(dialog).getByLabelText("Name"), "Ríos México");
    await user.selectOptions(within(dialog).getByLabelText("Country"), "MX");
    await user.click(within(dialog).getByRole("checkbox", { name: /Diego Fernández/ }));
    await user.click(within(dialog).getByTestId("brand-save"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "save_brand")?.input).toEqual({ id: null, name: "Ríos México", country: "MX", member_ids: [2] });
    // the list shows what the core answered
    expect(await screen.findByText("Ríos México")).toBeTruthy();
  });

  it("edits a brand and shows the core's refusal next to the field it names", async () => {
    const { user, calls } = renderTeam({ save_brand: () => fail({ code: "bad_input", message: "the country is a two-letter code such as ES or MX" }) }, "es");
    await user.click(await screen.findByRole("button", { name: "Editar Ferretería Ríos" }));
    const dialog = screen.getByRole("dialog", { name: "Editar Ferretería Ríos" });
    expect(within(dialog).getByLabelText<HTMLSelectElement>("País").value).toBe("ES");
    expect(within(dialog).getByRole<HTMLInputElement>("checkbox", { name: /Lucía Romero/ }).checked).toBe(true);
    await user.click(within(dialog).getByRole("checkbox", { name: /Lucía Romero/ }));
    await user.click(within(dialog).getByTestId("brand-save"));
    const problems = await within(dialog).findByText("the country is a two-letter code such as ES or MX");
    expect(problems.closest("[id='brand-country-problems']")).toBeTruthy();
    expect(within(dialog).getByLabelText("País").getAttribute("aria-invalid")).toBe("true");
    expect(calls.find((c) => c.cmd === "save_brand")?.input).toEqual({ id: 1, name: "Ferretería Ríos", country: "ES", member_ids: [2] });
  });

  it("deletes a brand after asking", async () => {
    const { user, calls } = renderTeam();
    await user.click(await screen.findByRole("button", { name: "Delete Ferretería Ríos" }));
    const dialog = screen.getByRole("dialog", { name: "Delete Ferretería Ríos?" });
    expect(within(dialog).getByText(/keep working without a brand/)).toBeTruthy();
    await user.click(within(dialog).getByTestId("confirm-remove-brand"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "delete_brand")?.input).toEqual({ brand_id: 1 }));
    expect(await screen.findByTestId("no-brands")).toBeTruthy();
  });

  it("is read-only for an agent", async () => {
    renderTeam({ list_team: () => ({ ...team, can_manage: false }) });
    expect(await screen.findByTestId("brand")).toBeTruthy();
    expect(screen.queryByTestId("add-brand")).toBeNull();
    expect(screen.queryByTestId("edit-brand")).toBeNull();
    expect(screen.queryByTestId("remove-brand")).toBeNull();
  });
});
