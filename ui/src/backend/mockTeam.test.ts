import { describe, expect, it } from "vitest";
import type { ApiError, AutomationDto } from "../bindings";
import { MockBackend } from "./mock";

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error("expected a refusal");
}

describe("the mock's team and rules", () => {
  it("adds a member with their accounts and shows them in the workspace", async () => {
    const mock = new MockBackend("1");
    const team = await mock.call("save_member", { id: null, name: " Rosa ", email: "Rosa@Example.com", role: "agent", availability: "online", capacity: 5, account_ids: [1] });
    const rosa = team.members.find((m) => m.member.name === "Rosa");
    expect(rosa?.member.email).toBe("rosa@example.com");
    expect(rosa?.account_ids).toEqual([1]);
    expect((await mock.call("get_workspace", null)).members.some((m) => m.name === "Rosa")).toBe(true);
    expect(await refusal(mock.call("save_member", { id: null, name: "Otra", email: "rosa@example.com", role: "agent", availability: "online", capacity: null, account_ids: [] }))).toEqual({
      code: "bad_input",
      message: "another member has this email",
    });
    expect((await refusal(mock.call("delete_member", { member_id: 1 }))).message).toBe("you cannot remove yourself");
  });

  it("stores an account's rules after checking them, with open now and the next opening", async () => {
    const mock = new MockBackend("1");
    const rules = await mock.call("get_automation", { account_id: 2 });
    expect(rules.hours).toBeNull();
    expect(rules.open_now).toBe(true);
    const closed: AutomationDto = { ...rules, hours: { timezone: "UTC", openings: [], holidays: [] } };
    const saved = await mock.call("set_automation", closed);
    expect(saved.open_now).toBe(false);
    expect(saved.next_open).toBeNull();
    const bad = { ...rules, hours: { timezone: "UTC", openings: [{ weekday: 1, opens: "18:00", closes: "09:00" }], holidays: [] } };
    expect((await refusal(mock.call("set_automation", bad))).message).toBe("an interval closes before it opens (18:00–09:00)");
    const reminder = { ...rules, reminder: { enabled: true, template_id: 1, params: [] } };
    expect((await refusal(mock.call("set_automation", reminder))).message).toMatch(/business hours first/);
  });

  it("assigns, snoozes and resolves a conversation by hand", async () => {
    const mock = new MockBackend("1");
    await mock.call("assign_conversation", { conversation_id: 1, member_id: 2 });
    expect((await mock.call("get_conversation", { id: 1 })).summary.assignee_id).toBe(2);
    // Sam may not see account 1
    expect((await refusal(mock.call("assign_conversation", { conversation_id: 1, member_id: 4 }))).code).toBe("forbidden");
    expect((await refusal(mock.call("set_status", { conversation_id: 1, status: "snoozed", snoozed_until: null }))).code).toBe("bad_input");
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await mock.call("set_status", { conversation_id: 1, status: "snoozed", snoozed_until: until });
    const snoozed = (await mock.call("get_conversation", { id: 1 })).summary;
    expect([snoozed.status, snoozed.snoozed_until]).toEqual(["snoozed", until]);
    await mock.call("set_status", { conversation_id: 1, status: "resolved", snoozed_until: null });
    expect((await mock.call("get_conversation", { id: 1 })).summary.sla).toBeNull();
  });
});
