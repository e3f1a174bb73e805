import { describe, expect, it } from "vitest";
import type { ApiError, UiEvent } from "../bindings";
import { MockBackend } from "./mock";

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error("expected a refusal");
}

describe("the mock's tags, views, templates, notes, usage and reports", () => {
  it("creates a tag inline (reusing a live one of the same name), tags and untags with history, deletes it keeping the history", async () => {
    const mock = new MockBackend("1");
    const vip = await mock.call("create_tag", { name: " vip ", description: "", color: "#000000" });
    expect(vip.id).toBe(1);
    const nuevo = await mock.call("create_tag", { name: "Urgente", description: "Atender primero", color: "#dc2626" });
    await mock.call("tag_conversation", { conversation_id: 1, tag_id: nuevo.id, on: true });
    expect((await mock.call("get_conversation", { id: 1 })).summary.tag_ids).toContain(nuevo.id);
    expect((await refusal(mock.call("create_tag", { name: "x", description: "", color: "red" }))).code).toBe("bad_input");
    expect((await refusal(mock.call("update_tag", { ...nuevo, name: "VIP" }))).message).toBe("another tag has this name");
    await mock.call("delete_tag", { tag_id: nuevo.id });
    expect((await mock.call("get_conversation", { id: 1 })).summary.tag_ids).not.toContain(nuevo.id);
    expect((await mock.call("get_workspace", null)).tags.some((t) => t.id === nuevo.id)).toBe(false);
    const history = await mock.call("tag_history", { id: 1 });
    expect(history.at(-1)).toMatchObject({ tag_id: nuevo.id, tag_name: "Urgente", added: true, member_id: 1 });
  });

  it("keeps the member's saved views by name", async () => {
    const mock = new MockBackend("1");
    const before = await mock.call("list_views", null);
    const query = { view: "resolved" as const, account_id: 3, channel: null, tag_id: null, assignee_id: null, window: null, text: "factura", cursor: "10", limit: 50 };
    const saved = await mock.call("save_view", { id: null, name: "Facturas cerradas", query });
    const view = saved.find((v) => v.name === "Facturas cerradas");
    expect(view?.query).toEqual({ ...query, cursor: null });
    expect((await refusal(mock.call("save_view", { id: null, name: "  ", query }))).code).toBe("bad_input");
    const renamed = await mock.call("save_view", { id: view?.id ?? 0, name: "Zz", query });
    expect(renamed.at(-1)?.name).toBe("Zz");
    expect(await mock.call("delete_view", { view_id: view?.id ?? 0 })).toEqual(before);
  });

  it("lists templates usable on an account, saves them with their variables and fills them for a conversation", async () => {
    const mock = new MockBackend("1");
    const onAccount2 = await mock.call("list_templates", { account_id: 2, template_type: null, tag_id: null, text: null });
    expect(onAccount2.every((t) => t.account_id === null || t.account_id === 2)).toBe(true);
    const saved = await mock.call("save_template", { id: 0, account_id: 1, name: "Cita", content: "Hola {{customer_name}}, tu cita es el {{fecha}}", template_type: "reply", tag_ids: [2], variables: [] });
    expect(saved.variables).toEqual(["customer_name", "fecha"]);
    const found = await mock.call("list_templates", { account_id: 1, template_type: "reply", tag_id: 2, text: "cita" });
    expect(found.map((t) => t.id)).toEqual([saved.id]);
    const missing = await refusal(mock.call("render_template", { template_id: saved.id, conversation_id: 1, values: [] }));
    expect(missing).toEqual({ code: "missing_variables", message: "no value for fecha" });
    const filled = await mock.call("render_template", { template_id: saved.id, conversation_id: 1, values: [{ name: "fecha", value: "jueves" }] });
    expect(filled.text).toBe("Hola María José Pérez, tu cita es el jueves");
    // account 1's template is not for a conversation of account 2
    expect((await refusal(mock.call("render_template", { template_id: saved.id, conversation_id: 3, values: [] }))).code).toBe("not_found");
    await mock.call("delete_template", { template_id: saved.id });
    expect((await refusal(mock.call("delete_template", { template_id: saved.id }))).code).toBe("not_found");
  });

  it("adds a note and notifies the members it mentions who may see the conversation", async () => {
    const mock = new MockBackend("1");
    const events: UiEvent[] = [];
    mock.subscribe((e) => events.push(e));
    // Diego may see account 1; Sam may not
    await mock.call("add_note", { conversation_id: 1, body: "@Diego Fernández y @Sam, ¿lo miráis?" });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(events.filter((e) => e.type === "notice")).toEqual([
      { type: "notice", member_id: 2, conversation_id: 1, kind: "mentioned", text: "Lucía Romero" },
    ]);
    const messages = await mock.call("list_messages", { conversation_id: 1, before: null, limit: 1 });
    expect(messages.items[0]).toMatchObject({ kind: "note", content: { type: "note", body: "@Diego Fernández y @Sam, ¿lo miráis?" } });
    expect((await refusal(mock.call("add_note", { conversation_id: 1, body: " " }))).code).toBe("bad_input");
  });

  it("counts the month's conversations against the plan, which only takes a limit of one or more", async () => {
    const mock = new MockBackend("1");
    const usage = await mock.call("get_usage", null);
    expect(usage.plan_limit).toBeNull();
    expect(usage.numbers.map((n) => n.account_id)).toEqual([1, 2]);
    expect((await mock.call("set_plan_limit", { limit: 300 })).plan_limit).toBe(300);
    expect((await refusal(mock.call("set_plan_limit", { limit: 0 }))).code).toBe("bad_input");
  });

  it("reports the conversations started in the period, by channel, member and tag", async () => {
    const mock = new MockBackend("1");
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();
    const all = await mock.call("get_report", { from, to, hours: "all" });
    expect(all.total.conversations).toBeGreaterThan(30);
    expect(all.by_channel.map((c) => c.channel)).toEqual(["email", "whatsapp"]);
    expect(all.by_channel.reduce((n, c) => n + c.figures.conversations, 0)).toBe(all.total.conversations);
    expect(all.by_member[0]?.member_id).toBeNull();
    expect(all.total.first_response.median_secs).not.toBeNull();
    const inHours = await mock.call("get_report", { from, to, hours: "in_hours" });
    const outOfHours = await mock.call("get_report", { from, to, hours: "out_of_hours" });
    expect(inHours.total.conversations + outOfHours.total.conversations).toBe(all.total.conversations);
    expect((await refusal(mock.call("get_report", { from: to, to: from, hours: "all" }))).code).toBe("bad_input");
  });
});
