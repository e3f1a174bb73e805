import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConversationDetail, MessageDto } from "../bindings";
import { fail } from "../backend/types";
import { NOW, detail, everyKind, fakeBackend, workspace } from "../test/fixtures";
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

  it("turns into the template picker when the WhatsApp window is closed", async () => {
    renderWithBackend(<Composer detail={closed} />, { backend: fakeBackend().backend, now: NOW });
    expect(screen.getByTestId("template-picker")).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: "Reply" })).toBeNull();
    expect(screen.getByTestId("window-state").textContent).toBe("Window closed — only templates");
    expect(screen.getByRole("heading", { name: "Restart the conversation" })).toBeTruthy();
    expect(screen.getByTestId("composer-hint").textContent).toContain("WhatsApp only allows approved templates");
    const send = screen.getByTestId<HTMLButtonElement>("send-button");
    expect(send.textContent).toBe("Send template");
    expect(send.disabled).toBe(true);
    expect(await screen.findAllByTestId("template-option")).toHaveLength(4);
  });

  it("turns into the template picker when there was never a window", () => {
    renderWithBackend(<Composer detail={{ ...closed, summary: { ...closed.summary, window_expires_at: null } }} />, {
      backend: fakeBackend().backend,
      now: NOW,
    });
    expect(screen.getByTestId("template-picker")).toBeTruthy();
    expect(screen.getByTestId<HTMLButtonElement>("send-button").disabled).toBe(true);
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

describe("Composer replies and attachments", () => {
  const answered = everyKind[1] as MessageDto; // the customer's photo "¿Es *este*?"

  it("shows the message being answered and sends with reply_to_message_id", async () => {
    const cleared: number[] = [];
    const fake = fakeBackend();
    renderWithBackend(<Composer detail={detail} replyTo={answered} onClearReply={() => cleared.push(1)} />, {
      backend: fake.backend,
      now: NOW,
    });
    const bar = screen.getByTestId("composer-reply");
    expect(bar.textContent).toContain("Replying to María José Pérez");
    expect(bar.textContent).toContain("¿Es *este*?");
    const input = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Reply" });
    expect(document.activeElement).toBe(input);
    const user = userEvent.setup();
    await user.type(input, "Sí, ese{Enter}");
    await waitFor(() => expect(cleared).toHaveLength(1));
    expect(sends(fake.calls)).toEqual([
      { cmd: "send_message", input: { conversation_id: 1, text: "Sí, ese", reply_to_message_id: answered.id } },
    ]);
  });

  it("cancels the reply with ✕ and with Esc", async () => {
    const cleared: number[] = [];
    renderWithBackend(<Composer detail={detail} replyTo={answered} onClearReply={() => cleared.push(1)} />, {
      backend: fakeBackend().backend,
      now: NOW,
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Cancel reply" }));
    expect(cleared).toHaveLength(1);
    screen.getByRole("textbox", { name: "Reply" }).focus();
    await user.keyboard("{Escape}");
    expect(cleared).toHaveLength(2);
  });

  it("attaches a file with the paperclip and sends it with the caption as base64", async () => {
    const fake = fakeBackend();
    renderWithBackend(<Composer detail={detail} />, { backend: fake.backend, now: NOW });
    const user = userEvent.setup();
    const attach = screen.getByRole("button", { name: "Attach a file" });
    expect(attach.tagName).toBe("BUTTON");
    const file = new File(["hola mundo"], "presupuesto.pdf", { type: "application/pdf" });
    await user.upload(screen.getByTestId<HTMLInputElement>("file-input"), file);

    const chip = screen.getByTestId("attachment-chip");
    expect(chip.textContent).toContain("presupuesto.pdf");
    expect(chip.textContent).toContain("10 B");
    const input = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Reply" });
    expect(input.placeholder).toBe("Add a caption (optional)…");
    await user.type(input, "Aquí lo tienes");
    await user.click(screen.getByTestId("send-button"));

    await waitFor(() => expect(screen.queryByTestId("attachment-chip")).toBeNull());
    expect(fake.calls.filter((c) => c.cmd === "send_media")).toEqual([
      {
        cmd: "send_media",
        input: {
          conversation_id: 1,
          filename: "presupuesto.pdf",
          mime: "application/pdf",
          data_base64: btoa("hola mundo"),
          caption: "Aquí lo tienes",
          reply_to_message_id: null,
        },
      },
    ]);
    expect(input.value).toBe("");
  });

  it("sends a file without caption and guesses the type from the extension", async () => {
    const fake = fakeBackend();
    renderWithBackend(<Composer detail={detail} />, { backend: fake.backend, now: NOW });
    const user = userEvent.setup();
    await user.upload(screen.getByTestId<HTMLInputElement>("file-input"), new File(["x"], "foto.JPG"));
    await user.click(screen.getByTestId("send-button"));
    await waitFor(() => expect(fake.calls.some((c) => c.cmd === "send_media")).toBe(true));
    expect(fake.calls.find((c) => c.cmd === "send_media")?.input).toMatchObject({ mime: "image/jpeg", caption: null, filename: "foto.JPG" });
  });

  it("refuses files over 100 MB before reading them", async () => {
    const fake = fakeBackend();
    renderWithBackend(<Composer detail={detail} />, { backend: fake.backend, now: NOW });
    const big = new File(["x"], "video.mp4", { type: "video/mp4" });
    Object.defineProperty(big, "size", { value: 150 * 1024 * 1024 });
    await userEvent.setup().upload(screen.getByTestId<HTMLInputElement>("file-input"), big);
    expect(screen.getByTestId("send-error").textContent).toBe("video.mp4 is 150 MB: files over 100 MB can't be sent by WhatsApp.");
    expect(screen.queryByTestId("attachment-chip")).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>("send-button").disabled).toBe(true);
  });

  it("shows the core's reason when it refuses the file", async () => {
    const fake = fakeBackend({
      send_media: () => fail({ code: "bad_input", message: "Images on WhatsApp can be at most 5 MB (this one is 7.2 MB)" }),
    });
    renderWithBackend(<Composer detail={detail} />, { backend: fake.backend, now: NOW, language: "es" });
    const user = userEvent.setup();
    await user.upload(screen.getByTestId<HTMLInputElement>("file-input"), new File(["x"], "foto.png", { type: "image/png" }));
    await user.click(screen.getByTestId("send-button"));
    expect((await screen.findByTestId("send-error")).textContent).toBe(
      "No se pudo enviar el archivo: Images on WhatsApp can be at most 5 MB (this one is 7.2 MB)",
    );
    expect(screen.getByTestId("attachment-chip").textContent).toContain("foto.png");
  });

  it("removes an attached file", async () => {
    renderWithBackend(<Composer detail={detail} />, { backend: fakeBackend().backend, now: NOW });
    const user = userEvent.setup();
    await user.upload(screen.getByTestId<HTMLInputElement>("file-input"), new File(["x"], "a.txt", { type: "text/plain" }));
    await user.click(screen.getByRole("button", { name: "Remove a.txt" }));
    expect(screen.queryByTestId("attachment-chip")).toBeNull();
  });
});
