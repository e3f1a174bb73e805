import { expect, test } from "./fixtures.ts";

// The bridge's HTTP boundary, with the real core behind it (no page involved).

test.use({ demo: true });

const JSON_HEADERS = { "Content-Type": "application/json" };

test("a body that is not JSON is a 400 bad_input", async ({ request }) => {
  const response = await request.post("/api/list_conversations", { headers: JSON_HEADERS, data: '{"view": "all_open", ' });
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({ code: "bad_input", message: expect.any(String) });
});

test("JSON of the wrong shape is a 400 bad_input naming the command", async ({ request }) => {
  for (const body of [{ view: "nope", limit: 10 }, { view: "all_open" }, [1, 2, 3], "all_open", null]) {
    const response = await request.post("/api/list_conversations", { headers: JSON_HEADERS, data: JSON.stringify(body) });
    expect(response.status(), JSON.stringify(body)).toBe(400);
    const error = (await response.json()) as { code: string; message: string };
    expect(error.code).toBe("bad_input");
    expect(error.message).toContain("list_conversations");
  }
});

test("an unknown command is a 404 unknown_command", async ({ request }) => {
  const response = await request.post("/api/nope", { data: null });
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({ code: "unknown_command" });
});

test("a conversation that does not exist is a 404 not_found", async ({ request, api }) => {
  // the control: one that exists
  const [first] = await api.conversations("all_open");
  expect(first).toBeDefined();
  const ok = await request.post("/api/get_conversation", { data: { id: first?.id } });
  expect(ok.status()).toBe(200);

  const response = await request.post("/api/get_conversation", { data: { id: 999999 } });
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({ code: "not_found" });
  const messages = await request.post("/api/list_messages", { data: { conversation_id: 999999, before: null, limit: 10 } });
  expect(messages.status()).toBe(404);
  expect(await messages.json()).toMatchObject({ code: "not_found" });
});

test("requests from another origin are refused with 403", async ({ request, bridge }) => {
  const same = await request.post("/api/get_workspace", { headers: { Origin: bridge.url }, data: null });
  expect(same.status(), "same origin is allowed").toBe(200);

  const port = new URL(bridge.url).port;
  for (const origin of ["http://evil.example", `http://evil.example:${port}`, "http://127.0.0.1:1", "null"]) {
    const response = await request.post("/api/get_workspace", { headers: { Origin: origin }, data: null });
    expect(response.status(), origin).toBe(403);
    expect(await response.json()).toMatchObject({ code: "forbidden" });
  }
  // the Host header is really sent as given: localhost is a loopback name too
  const viaLocalhost = await request.post("/api/get_workspace", {
    headers: { Host: `localhost:${port}`, Origin: `http://localhost:${port}` },
    data: null,
  });
  expect(viaLocalhost.status(), "Origin http://localhost:PORT with Host localhost:PORT").toBe(200);
  // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1
  const rebound = await request.post("/api/get_workspace", {
    headers: { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` },
    data: null,
  });
  expect(rebound.status(), "a non-loopback Host is refused").toBe(403);
  // a state-changing command from another origin does nothing
  const close = await request.post("/api/close_demo_workspace", { headers: { Origin: "http://evil.example" }, data: null });
  expect(close.status()).toBe(403);
  const workspace = await request.post("/api/get_workspace", { data: null });
  expect(((await workspace.json()) as { is_demo: boolean }).is_demo).toBe(true);
});

test("the events WebSocket refuses another origin", async ({ request }) => {
  const response = await request.get("/events", {
    headers: {
      Origin: "http://evil.example",
      Connection: "Upgrade",
      Upgrade: "websocket",
      "Sec-WebSocket-Version": "13",
      "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    },
  });
  expect(response.status()).toBe(403);
});
