import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConversationDetail } from "../bindings";
import { fail } from "../backend/types";
import { NOW, detail, fakeBackend, workspace } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { Composer } from "./Composer";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderComposer({ conversation = detail, overrides = {}, language = "en" }: { conversation?: ConversationDetail; overrides?: Overrides; language?: string } = {}) {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<Composer detail={conversation} />, { backend: fake.backend, now: NOW, language });
  const input = screen.getByRole<HTMLTextAreaElement>("textbox", { name: language === "es" ? "Respuesta" : "Reply" });
  const send = screen.getByTestId<HTMLButtonElement>("send-button");
  return { ...view, ...fake, input, send, user: userEvent.setup() };
}

const sends = (calls: { cmd: string; input: unknown }[]) => calls.filter((c) => c.cmd === "send_message");

const closed: ConversationDetail = {
  ...detail,
  summary: { ...detail.summary, window_expires_at: new Date(NOW.getTime() - 1000).toISOString() },
};

const email: ConversationDetail = {
  ...detail,
  summary: { ...detail.summary, channel: "email", subject: "Factura", window_expires_at: null },
  account: workspace.accounts[1] as ConversationDetail["account"],
};

describe("Composer", () => {
  it("sends with Enter and clears the box", async () => {
    const { input, send, calls, user } = renderComposer();
    expect(send.disabled).toBe(true);
    expect(screen.getByTestId("composer-hint").textContent).toBe("Enter to send · Shift+Enter for a new line");

    await user.type(input, "  Hola, ya está listo  ");
    expect(send.disabled).toBe(false);
    await user.keyboard("{Enter}");

    await waitFor(() => expect(input.value).toBe(""));
    expect(sends(calls)).toEqual([
      { cmd: "send_message", input: { conversation_id: 1, text: "Hola, ya está listo", reply_to_message_id: null } },
    ]);
    expect(send.disabled).toBe(true);
  });

  it("sends with the Send button", async () => {
    const { input, send, calls, user } = renderComposer();
    await user.type(input, "Gracias");
    await user.click(send);
    await waitFor(() => expect(input.value).toBe(""));
    expect(sends(calls)).toHaveLength(1);
  });

  it("inserts a newline with Shift+Enter and doesn't send", async () => {
    const { input, calls, user } = renderComposer();
    await user.type(input, "Línea uno");
    await user.keyboard("{Shift>}{Enter}{/Shift}");
    await user.type(input, "Línea dos");
    expect(input.value).toBe("Línea uno\nLínea dos");
    expect(sends(calls)).toHaveLength(0);
  });

  it("doesn't send blank text", async () => {
    const { input, send, calls, user } = renderComposer();
    await user.type(input, "   {Enter}");
    expect(send.disabled).toBe(true);
    expect(sends(calls)).toHaveLength(0);
  });

  it("is disabled while the send is in flight", async () => {
    let resolve: (ref: { id: number }) => void = () => {};
    const pending = new Promise<{ id: number }>((r) => (resolve = r));
    const { input, send, calls, user } = renderComposer({ overrides: { send_message: () => pending as never } });
    await user.type(input, "Hola{Enter}");
    await waitFor(() => expect(send.textContent).toBe("Sending…"));
    expect(send.disabled).toBe(true);
    await user.keyboard("{Enter}");
    expect(sends(calls)).toHaveLength(1);
    resolve({ id: 5 });
    await waitFor(() => expect(input.value).toBe(""));
  });

  it("shows a friendly error and keeps the text when the window has closed", async () => {
    const { input, calls, user } = renderComposer({
      overrides: {
        send_message: () => fail({ code: "window_closed", message: "window closed" }),
      },
    });
    await user.type(input, "¿Sigues ahí?{Enter}");
    const error = await screen.findByTestId("send-error");
    expect(error.textContent).toBe("Not sent: the 24-hour window has closed. Only an approved template can restart the conversation.");
    expect(input.value).toBe("¿Sigues ahí?");
    expect(sends(calls)).toHaveLength(1);

    await user.type(input, "!");
    expect(screen.queryByTestId("send-error")).toBeNull();
  });

  it("falls back to the core's message for unknown errors, in Spanish too", async () => {
    const { input, user } = renderComposer({
      language: "es",
      overrides: {
        send_message: () => fail({ code: "internal", message: "disk full" }),
      },
    });
    await user.type(input, "Hola{Enter}");
    expect((await screen.findByTestId("send-error")).textContent).toBe("No se pudo enviar el mensaje: disk full");
    expect(input.value).toBe("Hola");
  });

  it("is disabled when the WhatsApp window is closed", () => {
    const { input, send } = renderComposer({ conversation: closed });
    expect(input.disabled).toBe(true);
    expect(send.disabled).toBe(true);
    expect(screen.getByTestId("window-state").textContent).toBe("Window closed — only templates");
    expect(screen.getByTestId("composer-hint").textContent).toBe(
      "The 24-hour window is closed. Restarting the conversation needs an approved template (coming soon).",
    );
  });

  it("is disabled when there was never a window", () => {
    const { input, send } = renderComposer({ conversation: { ...closed, summary: { ...closed.summary, window_expires_at: null } } });
    expect(input.disabled).toBe(true);
    expect(send.disabled).toBe(true);
  });

  it("is disabled for email conversations", () => {
    const { input, send } = renderComposer({ conversation: email });
    expect(input.disabled).toBe(true);
    expect(send.disabled).toBe(true);
    expect(screen.getByTestId("window-state").textContent).toBe("Reply by email from soporte@example.com");
    expect(screen.getByTestId("composer-hint").textContent).toBe("Replying by email from Bandeja isn't available yet.");
  });

  it("explains the closed states in Spanish", () => {
    renderComposer({ conversation: email, language: "es" });
    expect(screen.getByTestId("composer-hint").textContent).toBe("Todavía no se puede responder por correo desde Bandeja.");
  });
});
