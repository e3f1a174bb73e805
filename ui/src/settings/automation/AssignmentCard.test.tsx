import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AutomationDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, automation, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { moveStep } from "./assignModel";
import { AutomationSettings } from "./AutomationSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

const twoSteps: AutomationDto = {
  ...automation,
  assignment: [
    { rule: { type: "rotation" }, fallback: { type: "next" } },
    { rule: { type: "last_handler" }, fallback: { type: "unassigned" } },
  ],
};

function renderRules(overrides: Overrides = {}) {
  const fake = fakeBackend({ get_automation: () => twoSteps, ...overrides });
  renderWithBackend(<AutomationSettings workspace={workspace} sub="1" onNavigate={() => undefined} />, { backend: fake.backend, now: NOW });
  return { ...fake, user: userEvent.setup() };
}

const lastSaved = (calls: ReturnType<typeof fakeBackend>["calls"]) =>
  calls.filter((c) => c.cmd === "set_automation").map((c) => c.input as AutomationDto).pop();

/** The rules of the steps, in order (only the assignment card has steps). */
const rules = () => screen.getAllByTestId("assign-step").map((s) => s.dataset.rule);

describe("Automation → assignment", () => {
  it("moves a step within the list", () => {
    expect(moveStep(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveStep(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveStep(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
  });

  it("explains the rule and reorders steps with the keyboard, keeping the focus on the moved step", async () => {
    const { user, calls } = renderRules();
    const card = within(await screen.findByTestId("assignment-card"));
    expect(card.getByTestId("assignment-explain").textContent).toContain("the first rule that finds an online member");
    expect(rules()).toEqual(["rotation", "last_handler"]);
    expect(card.getByRole<HTMLButtonElement>("button", { name: "Move step 1 (Rotation) up" }).disabled).toBe(true);

    card.getByRole("button", { name: "Move step 2 (Last handler) up" }).focus();
    await user.keyboard("{Enter}");
    expect(rules()).toEqual(["last_handler", "rotation"]);
    // at the top its "up" is disabled: the focus goes to its "down"
    expect(document.activeElement).toBe(card.getByRole("button", { name: "Move step 1 (Last handler) down" }));
    await user.keyboard("{Enter}");
    expect(rules()).toEqual(["rotation", "last_handler"]);
    expect(document.activeElement).toBe(card.getByRole("button", { name: "Move step 2 (Last handler) up" }));
    expect(card.getByTestId<HTMLButtonElement>("assignment-card-save").disabled).toBe(true);
    await user.keyboard("{Enter}");

    await user.click(card.getByTestId("assignment-card-save"));
    await card.findByTestId("assignment-card-saved");
    expect(lastSaved(calls)?.assignment).toEqual([twoSteps.assignment[1], twoSteps.assignment[0]]);
  });

  it("adds a contact-field step, asks for the field's name, and a fallback to a member", async () => {
    const { user, calls } = renderRules();
    const card = within(await screen.findByTestId("assignment-card"));
    await user.click(card.getByTestId("add-step"));
    await user.selectOptions(card.getByLabelText("Rule of step 3"), "custom_field");
    expect(card.getByText("Name the contact field.")).toBeTruthy();
    expect(card.getByTestId<HTMLButtonElement>("assignment-card-save").disabled).toBe(true);
    await user.type(card.getByLabelText("Contact field of step 3"), " Comercial ");
    // the last step's "next" means unassigned; Diego may see this account
    const fallback = card.getByLabelText("If step 3 finds nobody");
    expect(within(fallback).getByRole("option", { name: "Leave unassigned (last step)" })).toBeTruthy();
    await user.selectOptions(fallback, "member:2");
    await user.click(card.getByRole("button", { name: "Remove step 1 (Rotation)" }));
    await user.click(card.getByTestId("assignment-card-save"));
    await card.findByTestId("assignment-card-saved");
    expect(lastSaved(calls)?.assignment).toEqual([
      { rule: { type: "last_handler" }, fallback: { type: "unassigned" } },
      { rule: { type: "custom_field", field: "Comercial" }, fallback: { type: "member", member_id: 2 } },
    ]);
  });

  it("shows a refusal about a fallback member on that step", async () => {
    const { user } = renderRules({ set_automation: () => fail({ code: "bad_input", message: "member 2 does not exist" }) });
    const card = within(await screen.findByTestId("assignment-card"));
    const [first] = card.getAllByTestId("assign-step");
    fireEvent.change(within(first as HTMLElement).getByLabelText("If step 1 finds nobody"), { target: { value: "member:2" } });
    await user.click(card.getByTestId("assignment-card-save"));
    expect(await within(first as HTMLElement).findByText("member 2 does not exist")).toBeTruthy();
    expect(card.queryByTestId("assignment-card-error")).toBeNull();
  });

  it("says new conversations stay unassigned without steps", async () => {
    renderRules({ get_automation: () => ({ ...automation, assignment: [] }) });
    expect(await screen.findByTestId("assignment-empty")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("hours-card")).toBeTruthy());
  });
});
