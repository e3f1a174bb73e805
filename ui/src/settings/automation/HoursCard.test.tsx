import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AutomationDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, automation, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { AutomationSettings } from "./AutomationSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderRules(overrides: Overrides = {}, sub = "1") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<AutomationSettings workspace={workspace} sub={sub} onNavigate={() => undefined} />, {
    backend: fake.backend,
    now: NOW,
  });
  return { ...view, ...fake, user: userEvent.setup() };
}

const saved = (calls: ReturnType<typeof fakeBackend>["calls"]) =>
  calls.filter((c) => c.cmd === "set_automation").map((c) => c.input as AutomationDto);

async function hoursCard() {
  return within(await screen.findByTestId("hours-card"));
}

describe("Automation → business hours", () => {
  it("shows the week, Monday to Sunday, with closed days", async () => {
    renderRules();
    const card = await hoursCard();
    const saturday = card.getByTestId("hours-day-6");
    expect(within(saturday).getByText("Closed")).toBeTruthy();
    const monday = card.getByTestId("hours-day-1");
    expect(within(monday).getByLabelText<HTMLInputElement>("Opens (Monday)").value).toBe("09:00");
    expect(within(monday).getByLabelText<HTMLInputElement>("Closes (Monday)").value).toBe("18:00");
    expect(card.getByLabelText("Time zone")).toHaveProperty("value", "Europe/Madrid");
    expect(screen.getByTestId("open-state").dataset.open).toBe("true");
  });

  it("edits intervals, refuses one that closes before it opens, copies Monday and saves", async () => {
    const { user, calls } = renderRules();
    const card = await hoursCard();
    const save = card.getByTestId<HTMLButtonElement>("hours-card-save");
    expect(save.disabled).toBe(true);

    // Monday gets an afternoon: 09:00–14:00 and 16:00–20:00
    const monday = within(card.getByTestId("hours-day-1"));
    fireEvent.change(monday.getByLabelText("Closes (Monday)"), { target: { value: "14:00" } });
    await user.click(card.getByRole("button", { name: "Add hours on Monday" }));
    const [, afternoonOpens] = monday.getAllByLabelText("Opens (Monday)");
    const [, afternoonCloses] = monday.getAllByLabelText("Closes (Monday)");
    fireEvent.change(afternoonOpens as HTMLElement, { target: { value: "16:00" } });
    fireEvent.change(afternoonCloses as HTMLElement, { target: { value: "15:00" } });
    expect(monday.getByText("Closes before it opens.")).toBeTruthy();
    expect(card.getByText("Fix the marked field to save.")).toBeTruthy();
    expect(save.disabled).toBe(true);
    fireEvent.change(afternoonCloses as HTMLElement, { target: { value: "20:00" } });
    expect(monday.queryByText("Closes before it opens.")).toBeNull();

    await user.click(card.getByTestId("copy-monday"));
    expect(within(card.getByTestId("hours-day-5")).getAllByTestId("hours-span")).toHaveLength(2);
    expect(within(card.getByTestId("hours-day-6")).getByText("Closed")).toBeTruthy();

    // a holiday closed all day
    await user.click(card.getByTestId("add-holiday"));
    fireEvent.change(card.getAllByLabelText("Date")[1] as HTMLElement, { target: { value: "2026-12-25" } });

    await user.click(save);
    await card.findByTestId("hours-card-saved");
    const hours = saved(calls)[0]?.hours;
    expect(hours?.openings.filter((o) => o.weekday === 3)).toEqual([
      { weekday: 3, opens: "09:00", closes: "14:00" },
      { weekday: 3, opens: "16:00", closes: "20:00" },
    ]);
    expect(hours?.openings.some((o) => o.weekday === 6)).toBe(false);
    expect(hours?.holidays).toEqual([
      { date: "2026-12-25", spans: [] },
      { date: "2027-01-06", spans: [] },
    ]);
    // the rest of the account's rules go back as they were
    expect(saved(calls)[0]?.assignment).toEqual(automation.assignment);
  });

  it("marks an unknown zone and a repeated date", async () => {
    const { user } = renderRules();
    const card = await hoursCard();
    fireEvent.change(card.getByLabelText("Time zone"), { target: { value: "Mars/Olympus" } });
    expect(card.getByText("This is not a known time zone.")).toBeTruthy();
    await user.click(card.getByTestId("add-holiday"));
    fireEvent.change(card.getAllByLabelText("Date")[1] as HTMLElement, { target: { value: "2027-01-06" } });
    expect(card.getByText("This date is already in the list.")).toBeTruthy();
    expect(card.getByText("Fix the 2 marked fields to save.")).toBeTruthy();
  });

  it("switches to always open (no hours) and back to the week it had", async () => {
    const { user, calls } = renderRules();
    const card = await hoursCard();
    await user.click(card.getByRole("switch", { name: "Always open" }));
    expect(card.queryByTestId("hours-day-1")).toBeNull();
    await user.click(card.getByRole("switch", { name: "Always open" }));
    expect(card.getByTestId("hours-day-1")).toBeTruthy();
    expect(card.getByTestId<HTMLButtonElement>("hours-card-save").disabled).toBe(true);
    await user.click(card.getByRole("switch", { name: "Always open" }));
    await user.click(card.getByTestId("hours-card-save"));
    await waitFor(() => expect(saved(calls)[0]?.hours).toBeNull());
  });

  it("shows the core's refusal next to the part it names, and keeps the edits", async () => {
    const { user } = renderRules({ set_automation: () => fail({ code: "bad_input", message: '"2026-02-30" is not a date (YYYY-MM-DD)' }) });
    const card = await hoursCard();
    fireEvent.change(card.getAllByLabelText("Date")[0] as HTMLElement, { target: { value: "2026-02-28" } });
    await user.click(card.getByTestId("hours-card-save"));
    const alert = await card.findByText('"2026-02-30" is not a date (YYYY-MM-DD)');
    expect(alert.closest(".hours-holidays")).not.toBeNull();
    expect((card.getAllByLabelText("Date")[0] as HTMLInputElement).value).toBe("2026-02-28");
    expect(card.getByText("Unsaved changes")).toBeTruthy();
  });

  it("says when a closed account opens next, on the account's clock", async () => {
    renderRules({
      get_automation: () => ({ ...automation, hours: { timezone: "America/New_York", openings: [], holidays: [] }, open_now: false, next_open: "2026-03-12T13:00:00Z" }),
    });
    const state = await screen.findByTestId("open-state");
    expect(state.dataset.open).toBe("false");
    expect(state.textContent).toBe("Closed · opens Thu 9:00 AM (America/New_York time)");
  });
});
