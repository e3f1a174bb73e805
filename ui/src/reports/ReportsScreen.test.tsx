import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReportQuery } from "../bindings";
import { NOW, fakeBackend, report, workspace } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { ReportsScreen } from "./ReportsScreen";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderReports(overrides: Overrides = {}, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<ReportsScreen workspace={workspace} />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

const queries = (calls: { cmd: string; input: unknown }[]) => calls.filter((c) => c.cmd === "get_report").map((c) => c.input as ReportQuery);
const local = (y: number, m: number, d: number) => new Date(y, m, d).toISOString();

describe("Reports", () => {
  it("shows the last 30 days' cards in business time", async () => {
    const { calls } = renderReports();
    expect(await screen.findByTestId("card-conversations-value")).toHaveProperty("textContent", "12");
    expect(screen.getByTestId("card-resolved-value").textContent).toBe("8");
    expect(screen.getByTestId("card-first-response-value").textContent).toBe("12 min");
    expect(screen.getByTestId("card-resolution-value").textContent).toBe("3 h 20 min");
    expect(screen.getByTestId("card-resolved").textContent).toContain("67%");
    expect(queries(calls)[0]).toEqual({ from: local(2026, 1, 10), to: local(2026, 2, 12), hours: "all" });
  });

  it("draws bars per channel, member (Unassigned, names) and tag (colours), each with a table alternative", async () => {
    const { user } = renderReports();
    const members = await screen.findByTestId("chart-members");
    const rows = within(members).getAllByTestId("chart-members-row");
    expect(rows.map((r) => r.querySelector(".report-bar-label")?.textContent)).toEqual(["Unassigned", "Lucía Romero", "Diego Fernández"]);
    expect(within(members).getByRole("img", { name: "Diego Fernández: First response: 25 min" })).toBeTruthy();
    expect(within(members).getByRole("img", { name: "Diego Fernández: Resolution: 1 d 2 h" })).toBeTruthy();
    expect(within(members).getByRole("img", { name: "Unassigned: First response: —" })).toBeTruthy();
    const tags = screen.getByTestId("chart-tags");
    const vip = within(tags).getAllByTestId("chart-tags-row")[0] as HTMLElement;
    expect(vip.textContent).toContain("VIP");
    expect((vip.querySelector(".report-bar") as HTMLElement).style.getPropertyValue("--bar-color")).toBe("#d97706");
    const channels = screen.getByTestId("chart-channels");
    expect(within(channels).getByRole("img", { name: "WhatsApp: Conversations: 8" })).toBeTruthy();

    await user.click(within(members).getByTestId("chart-members-table-toggle"));
    const table = within(members).getByRole("table");
    expect(within(table).getByRole("rowheader", { name: "Diego Fernández" }).closest("tr")?.textContent).toContain("25 min1 d 2 h");
    expect(within(members).getByTestId("chart-members-table-toggle").getAttribute("aria-expanded")).toBe("true");
  });

  it("asks for another period, in or out of hours, and checks custom dates", async () => {
    const { user, calls } = renderReports();
    await screen.findByTestId("report-figures");
    await user.click(screen.getByTestId("period-week"));
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ from: local(2026, 2, 9), to: local(2026, 2, 12), hours: "all" }));
    await user.click(screen.getByTestId("period-month"));
    await user.selectOptions(screen.getByTestId("report-hours"), "out_of_hours");
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ from: local(2026, 2, 1), to: local(2026, 2, 12), hours: "out_of_hours" }));

    await user.click(screen.getByTestId("period-custom"));
    const from = screen.getByTestId<HTMLInputElement>("report-from");
    expect(from.value).toBe("2026-02-10");
    fireEvent.change(from, { target: { value: "2026-03-20" } });
    expect(screen.getByRole("alert").textContent).toBe("The end date must be on or after the start date.");
    fireEvent.change(from, { target: { value: "2026-03-02" } });
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ from: local(2026, 2, 2), to: local(2026, 2, 12), hours: "out_of_hours" }));
  });

  it("says so when nothing started in the period, in Spanish too", async () => {
    const empty = { total: { ...report.total, conversations: 0, resolved: 0 }, by_channel: [], by_member: [], by_tag: [] };
    renderReports({ get_report: () => empty }, "es");
    expect((await screen.findByTestId("report-empty")).textContent).toContain("Ninguna conversación empezó en este periodo.");
    expect(screen.getByRole("radio", { name: "Últimos 30 días" })).toHaveProperty("checked", true);
  });
});
