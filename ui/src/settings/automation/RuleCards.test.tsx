import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AutomationDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, automation, fakeBackend, team, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { AutomationSettings } from "./AutomationSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderRules(overrides: Overrides = {}, sub = "1") {
  const fake = fakeBackend(overrides);
  renderWithBackend(<AutomationSettings workspace={workspace} sub={sub} onNavigate={() => undefined} />, { backend: fake.backend, now: NOW });
  return { ...fake, user: userEvent.setup() };
}

const lastSaved = (calls: ReturnType<typeof fakeBackend>["calls"]) =>
  calls.filter((c) => c.cmd === "set_automation").map((c) => c.input as AutomationDto).pop();

describe("Automation → automatic replies", () => {
  it("saves a text per trigger, empty ones as none, and checks the period", async () => {
    const { user, calls } = renderRules();
    const card = within(await screen.findByTestId("auto-reply-card"));
    await user.click(card.getByRole("switch", { name: "Send automatic replies" }));
    expect(card.getByText("Replies are on but every text is empty: nothing will be sent.")).toBeTruthy();
    await user.type(card.getByLabelText("Out of hours"), "Hola {{{{customer_name}}, abrimos a las 9.");
    expect(card.getByTestId("auto-reply-variables").textContent).toContain("{{company_name}}");
    fireEvent.change(card.getByLabelText("At most one automatic reply per contact every"), { target: { value: "0" } });
    expect(card.getByText("Write a whole number of hours, at least 1.")).toBeTruthy();
    expect(card.getByTestId<HTMLButtonElement>("auto-reply-card-save").disabled).toBe(true);
    fireEvent.change(card.getByLabelText("At most one automatic reply per contact every"), { target: { value: "12" } });
    await user.click(card.getByTestId("auto-reply-card-save"));
    await card.findByTestId("auto-reply-card-saved");
    expect(lastSaved(calls)?.auto_reply).toEqual({
      enabled: true,
      outside_hours: "Hola {{customer_name}}, abrimos a las 9.",
      first_contact: null,
      always: null,
      period_hours: 12,
    });
  });
});

describe("Automation → window reminder", () => {
  it("offers the number's approved templates and asks for each value", async () => {
    const { user, calls } = renderRules();
    const card = within(await screen.findByTestId("reminder-card"));
    expect(card.getByText(/only between 09:00 and 18:00/)).toBeTruthy();
    await user.click(card.getByRole("switch", { name: "Send a reminder before the window closes" }));
    expect(card.getByText("Choose the reminder's template.")).toBeTruthy();
    const select = card.getByLabelText("Template");
    await waitFor(() => expect(within(select).getAllByRole("option")).toHaveLength(3));
    // approved without a media header: not the one in review, not the one with a picture
    expect(within(select).queryByRole("option", { name: /oferta_verano/ })).toBeNull();
    expect(within(select).queryByRole("option", { name: /catalogo_foto/ })).toBeNull();
    await user.selectOptions(select, "11");
    expect(card.getByTestId("reminder-preview").textContent).toBe("Hola {{1}}, tu pedido {{2}} está listo para recoger.");
    expect(card.getAllByText("Fill in this value.")).toHaveLength(2);
    await user.type(card.getByLabelText("Value for {{1}}"), "{{{{customer_name}}");
    await user.type(card.getByLabelText("Value for {{2}}"), "de hoy");
    expect(card.getByTestId("reminder-preview").textContent).toBe("Hola {{customer_name}}, tu pedido de hoy está listo para recoger.");
    await user.click(card.getByTestId("reminder-card-save"));
    await card.findByTestId("reminder-card-saved");
    expect(lastSaved(calls)?.reminder).toEqual({ enabled: true, template_id: 11, params: ["{{customer_name}}", "de hoy"] });
  });

  it("shows the core's refusal of the template next to it, and warns without business hours", async () => {
    const { user } = renderRules({
      get_automation: () => ({ ...automation, hours: null, reminder: { enabled: true, template_id: 12, params: ["P-1"] } }),
      set_automation: () => fail({ code: "bad_input", message: "the template seguimiento is not approved for this number" }),
    });
    const card = within(await screen.findByTestId("reminder-card"));
    expect(card.getByTestId("reminder-needs-hours")).toBeTruthy();
    await user.type(await card.findByLabelText("Value for {{1}}"), "2");
    await user.click(card.getByTestId("reminder-card-save"));
    const problems = await card.findByTestId("problems-reminder-template");
    expect(problems.textContent).toContain("not approved for this number");
  });
});

describe("Automation → response targets and closing", () => {
  it("needs a target when tracking, and saves minutes and auto-close", async () => {
    const { user, calls } = renderRules();
    const card = within(await screen.findByTestId("sla-card"));
    await user.click(card.getByRole("switch", { name: "Track response targets" }));
    expect(card.getByText("Set a first or next response target.")).toBeTruthy();
    await user.type(card.getByLabelText("First response"), "30");
    await user.clear(card.getByLabelText("Warn before"));
    await user.type(card.getByLabelText("Warn before"), "5");
    await user.click(card.getByRole("switch", { name: "Close conversations nobody answered" }));
    await user.click(card.getByTestId("sla-card-save"));
    await card.findByTestId("sla-card-saved");
    const out = lastSaved(calls);
    expect(out?.sla).toEqual({ enabled: true, first_response_minutes: 30, next_response_minutes: null, warn_minutes: 5 });
    expect(out?.auto_close).toBe(true);
  });

  it("has no reminder nor auto-close for a mailbox", async () => {
    renderRules({}, "2");
    const card = within(await screen.findByTestId("sla-card"));
    expect(card.queryByRole("switch", { name: "Close conversations nobody answered" })).toBeNull();
    expect(screen.queryByTestId("reminder-card")).toBeNull();
  });
});

describe("Automation for an agent", () => {
  it("shows the rules read-only", async () => {
    renderRules({ list_team: () => ({ ...team, can_manage: false }) });
    expect(await screen.findByTestId("automation-read-only")).toBeTruthy();
    const card = await screen.findByTestId("hours-card");
    expect(within(card).queryByTestId("hours-card-save")).toBeNull();
    expect(within(card).getByLabelText("Time zone").matches(":disabled")).toBe(true);
  });

  it("shows a refusal of the core that names no field next to Save", async () => {
    const { user } = renderRules({ set_automation: () => fail({ code: "forbidden", message: "only owners and admins may change an account's rules" }) });
    const card = within(await screen.findByTestId("sla-card"));
    await user.click(card.getByRole("switch", { name: "Close conversations nobody answered" }));
    await user.click(card.getByTestId("sla-card-save"));
    expect((await card.findByTestId("sla-card-error")).textContent).toContain("only owners and admins");
  });
});
