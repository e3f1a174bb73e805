import { describe, expect, it } from "vitest";
import type { ApiError } from "../bindings";
import { MockBackend } from "./mock";

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error("expected a refusal");
}

describe("the mock's brands", () => {
  it("lists, adds, changes and deletes brands; accounts keep going without one", async () => {
    const mock = new MockBackend("1");
    const [rios] = await mock.call("list_brands", null);
    expect(rios?.brand).toEqual({ id: 1, name: "Ferretería Ríos", country: "ES" });
    expect(rios?.account_ids).toEqual([1, 2, 3]);
    const added = await mock.call("save_brand", { id: null, name: " Ríos México ", country: "mx", member_ids: [2, 4] });
    const mx = added.find((b) => b.brand.name === "Ríos México");
    expect(mx?.brand.country).toBe("MX");
    expect(mx?.member_ids).toEqual([2, 4]);
    expect(mx?.account_ids).toEqual([]);
    expect((await mock.call("get_workspace", null)).brands.map((b) => b.name)).toEqual(["Ferretería Ríos", "Ríos México"]);

    expect(await refusal(mock.call("save_brand", { id: null, name: " ", country: "ES", member_ids: [] }))).toEqual({ code: "bad_input", message: "a brand needs a name" });
    expect((await refusal(mock.call("save_brand", { id: null, name: "X", country: "ESP", member_ids: [] }))).message).toBe("the country is a two-letter code such as ES or MX");
    expect((await refusal(mock.call("save_brand", { id: null, name: "X", country: "ES", member_ids: [99] }))).code).toBe("not_found");
    expect((await refusal(mock.call("save_brand", { id: 77, name: "X", country: "ES", member_ids: [] }))).code).toBe("not_found");

    const left = await mock.call("delete_brand", { brand_id: 1 });
    expect(left.map((b) => b.brand.name)).toEqual(["Ríos México"]);
    const workspace = await mock.call("get_workspace", null);
    expect(workspace.accounts.every((a) => a.brand_id === null)).toBe(true);
    expect(workspace.accounts).toHaveLength(4);
  });

  it("lets only owners and admins manage brands", async () => {
    const mock = new MockBackend("1");
    // the workspace needs an owner: make Marta the owner first, then Lucía an agent
    await mock.call("save_member", { id: 3, name: "Marta Gil", email: "marta@ferreteriarios.es", role: "owner", availability: "away", capacity: null, account_ids: [1, 2] });
    await mock.call("save_member", { id: 1, name: "Lucía Romero", email: "lucia@ferreteriarios.es", role: "agent", availability: "online", capacity: null, account_ids: [1, 2, 3, 4] });
    expect((await refusal(mock.call("delete_brand", { brand_id: 1 }))).code).toBe("forbidden");
  });
});

describe("the mock's new conversations", () => {
  it("reuses the open conversation on the account, else starts one assigned to me", async () => {
    const mock = new MockBackend("1");
    // María José (contact 1) has an open conversation on Tienda Centro (1)
    expect(await mock.call("start_conversation", { contact_id: 1, account_id: 1 })).toEqual({ id: 1 });
    const { id } = await mock.call("start_conversation", { contact_id: 1, account_id: 2 });
    expect(id).not.toBe(1);
    const started = await mock.call("get_conversation", { id });
    expect(started.summary.account_id).toBe(2);
    expect(started.summary.assignee_id).toBe(1);
    expect(started.summary.status).toBe("open");
    expect(started.contact.other_conversations.some((c) => c.id === 1)).toBe(true);
    // Pedro (contact 3) has no email address
    expect(await refusal(mock.call("start_conversation", { contact_id: 3, account_id: 3 }))).toEqual({
      code: "bad_input",
      message: "this contact has no WhatsApp number or email address for this account's channel",
    });
    expect((await refusal(mock.call("start_conversation", { contact_id: 999, account_id: 1 }))).code).toBe("not_found");
  });

  it("refuses a new conversation over the plan's quota", async () => {
    const mock = new MockBackend("1");
    await mock.call("set_plan_limit", { limit: 1 });
    expect((await refusal(mock.call("start_conversation", { contact_id: 3, account_id: 1 }))).code).toBe("plan_quota");
  });
});
