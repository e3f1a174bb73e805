import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConversationDetail } from "../../bindings";
import { fail } from "../../backend/types";
import { SlaBadge } from "../../inbox/SlaBadge";
import { NOW, detail, fakeBackend, team, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { ConversationHeader } from "./ConversationHeader";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderHeader(d: ConversationDetail = detail, overrides: Overrides = {}) {
  const fake = fakeBackend(overrides);
  renderWithBackend(<ConversationHeader detail={d} account={d.account} workspace={workspace} />, { backend: fake.backend, now: NOW });
  return { ...fake, user: userEvent.setup() };
}

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

describe("Conversation header", () => {
  it("assigns the conversation to a member who may see its account", async () => {
    const { user, calls } = renderHeader();
    const select = screen.getByTestId<HTMLSelectElement>("assignee-select");
    expect(select.value).toBe("2");
    // Diego is away: said so next to his name
    await waitFor(() => expect(within(select).getByRole("option", { name: "Diego Fernández · Away" })).toBeTruthy());
    await user.selectOptions(select, "Lucía Romero (me)");
    await waitFor(() => expect(calls.find((c) => c.cmd === "assign_conversation")?.input).toEqual({ conversation_id: 1, member_id: 1 }));
    await user.selectOptions(select, "Unassigned");
    expect(calls.filter((c) => c.cmd === "assign_conversation").pop()?.input).toEqual({ conversation_id: 1, member_id: null });
  });

  it("lets an agent only take the conversation or let it go", async () => {
    renderHeader(detail, { list_team: () => ({ ...team, can_manage: false }) });
    const select = screen.getByTestId("assignee-select");
    await waitFor(() => expect(within(select).getByRole<HTMLOptionElement>("option", { name: "Unassigned" }).disabled).toBe(true));
    expect(within(select).getByRole<HTMLOptionElement>("option", { name: "Lucía Romero (me)" }).disabled).toBe(false);
  });

  it("changes the status, and snoozes until a chosen time", async () => {
    const { user, calls } = renderHeader();
    await user.selectOptions(screen.getByTestId("status-select"), "pending");
    await waitFor(() => expect(calls.find((c) => c.cmd === "set_status")?.input).toEqual({ conversation_id: 1, status: "pending", snoozed_until: null }));

    await user.selectOptions(screen.getByTestId("status-select"), "snoozed");
    const panel = screen.getByRole("dialog", { name: "Snooze until" });
    expect(document.activeElement).toBe(within(panel).getByRole("button", { name: /In 1 hour/ }));
    await user.click(within(panel).getByRole("button", { name: /In 1 hour/ }));
    expect(screen.queryByTestId("snooze-panel")).toBeNull();
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "set_status").pop()?.input).toEqual({ conversation_id: 1, status: "snoozed", snoozed_until: minutes(60) }),
    );
  });

  it("closes the snooze choices with Escape, changing nothing", async () => {
    const { user, calls } = renderHeader();
    await user.selectOptions(screen.getByTestId("status-select"), "snoozed");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("snooze-panel")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("status-select"));
    expect(calls.some((c) => c.cmd === "set_status")).toBe(false);
  });

  it("says when a snoozed conversation comes back, and shows a refusal", async () => {
    const snoozed = { ...detail, summary: { ...detail.summary, status: "snoozed" as const, snoozed_until: minutes(120) } };
    const { user } = renderHeader(snoozed, { set_priority: () => fail({ code: "forbidden", message: "not yours" }) });
    expect(screen.getByTestId<HTMLSelectElement>("status-select").selectedOptions[0]?.textContent).toMatch(/^Snoozed until /);
    await user.selectOptions(screen.getByTestId("priority-select"), "urgent");
    expect((await screen.findByTestId("header-error")).textContent).toContain("not yours");
  });

  it("shows the response target of a waiting conversation", () => {
    const waiting = { ...detail, summary: { ...detail.summary, sla: { due_at: minutes(10), warn_at: minutes(-5), breached: false } } };
    renderHeader(waiting);
    const badge = screen.getByTestId("sla-badge");
    expect(badge.dataset.state).toBe("warning");
    expect(badge.textContent).toBe("Reply within 10 min");
  });
});

describe("SLA badge", () => {
  it("is ok, then a warning, then late", () => {
    const sla = { due_at: minutes(30), warn_at: minutes(15), breached: false };
    const { rerender } = renderWithBackend(<SlaBadge sla={sla} now={NOW} />, { backend: fakeBackend().backend });
    expect(screen.getByTestId("sla-badge").dataset.state).toBe("ok");
    expect(screen.getByTestId("sla-badge").textContent).toBe("30 min");
    rerender(<SlaBadge sla={sla} now={new Date(NOW.getTime() + 20 * 60_000)} />);
    expect(screen.getByTestId("sla-badge").dataset.state).toBe("warning");
    rerender(<SlaBadge sla={sla} now={new Date(NOW.getTime() + 95 * 60_000)} />);
    expect(screen.getByTestId("sla-badge").dataset.state).toBe("breached");
    expect(screen.getByTestId("sla-badge").textContent).toBe("1 h late");
  });
});
