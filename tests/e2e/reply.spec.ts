import { expect, test } from "./fixtures.ts";

test.use({ demo: true });

test("an agent's reply goes out through the outbox and its ticks go sent → delivered → read", async ({ page, api }) => {
  const open = (await api.conversations("all_open")).find(
    (c) => c.channel === "whatsapp" && c.window_expires_at !== null && Date.parse(c.window_expires_at) > Date.now(),
  );
  expect(open, "a WhatsApp conversation with an open window").toBeDefined();
  if (open === undefined) return;
  await page.goto(`/#/c/${open.id}`);
  await expect(page.getByTestId("conversation-view")).toBeVisible();
  const box = page.getByRole("textbox", { name: /^(Reply|Respuesta|Responder)$/ });
  await box.fill("Perfecto, te esperamos mañana a las 10.");
  await box.press("Enter");
  await expect(box).toHaveValue("");
  const bubble = page.getByTestId("message-bubble").filter({ hasText: "Perfecto, te esperamos mañana a las 10." });
  await expect(bubble).toBeVisible();
  // the demo's simulated phone answers with real status events
  await expect(bubble.getByTestId("delivery")).toHaveAttribute("data-state", "read", { timeout: 15_000 });
});

test("a closed window keeps the composer disabled and says why", async ({ page, api }) => {
  const closed = (await api.conversations("all_open")).find(
    (c) => c.channel === "whatsapp" && (c.window_expires_at === null || Date.parse(c.window_expires_at) <= Date.now()),
  );
  expect(closed, "a WhatsApp conversation with a closed window").toBeDefined();
  if (closed === undefined) return;
  await page.goto(`/#/c/${closed.id}`);
  await expect(page.getByTestId("send-button")).toBeDisabled();
  await expect(page.getByTestId("composer-hint")).toContainText(/template|plantilla/i);
  // and the API refuses it too, with a code the UI understands
  const res = await page.request.post("/api/send_message", {
    data: { conversation_id: closed.id, text: "hola", reply_to_message_id: null },
  });
  expect(res.status()).toBe(409);
  expect((await res.json()) as { code: string }).toMatchObject({ code: "window_closed" });
});
