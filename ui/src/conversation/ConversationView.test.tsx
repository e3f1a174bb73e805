import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AccountDto, MessageDto, MessageKind, WorkspaceDto } from "../bindings";
import { fail } from "../backend/types";
import { NOW, detail, everyKind, fakeBackend, workspace } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { ConversationView } from "./ConversationView";

const ALL_KINDS: MessageKind[] = [
  "text", "image", "video", "audio", "voice", "document", "sticker", "location", "contacts",
  "interactive", "button", "reaction", "template", "unsupported", "note",
];

async function renderConversation(language = "en") {
  const fake = fakeBackend();
  const view = renderWithBackend(
    <div className="app-body">
      <ConversationView id={1} workspace={workspace} onOpenConversation={() => {}} />
    </div>,
    { backend: fake.backend, now: NOW, language },
  );
  await screen.findAllByTestId("message-bubble");
  return { ...view, ...fake };
}

function bubble(kind: MessageKind, index = 0): HTMLElement {
  const found = screen.getAllByTestId("message-bubble").filter((el) => el.dataset.kind === kind);
  const el = found[index];
  if (el === undefined) throw new Error(`no ${kind} bubble`);
  return el;
}

describe("ConversationView", () => {
  it("renders a bubble for every message kind", async () => {
    await renderConversation();
    const kinds = new Set(screen.getAllByTestId("message-bubble").map((el) => el.dataset.kind));
    for (const kind of ALL_KINDS) expect(kinds.has(kind), kind).toBe(true);
    expect(screen.getAllByTestId("message-bubble")).toHaveLength(everyKind.length);
  });

  it("formats WhatsApp text safely and keeps line breaks", async () => {
    await renderConversation();
    const text = bubble("text");
    expect(text.querySelector("strong")?.textContent).toBe("taladro");
    expect(text.querySelector("em")?.textContent).toBe("rápido");
    expect(text.querySelector("s")?.textContent).toBe("caro");
    expect(text.querySelector("code")?.textContent).toBe("PSB 500");
    expect(text.querySelector("b")).toBeNull();
    expect(text.querySelector(".message-text")?.textContent).toContain("\nsegunda línea <b>no html</b>");
  });

  it("shows reactions under their message", async () => {
    await renderConversation();
    const reactions = within(bubble("text")).getByTestId("reactions");
    expect(reactions.textContent).toBe("👍2");
    expect(reactions.querySelector(".reaction")?.getAttribute("title")).toBe("Reacted by Lucía Romero, María José Pérez");
    expect(bubble("reaction").textContent).toContain("María José Pérez reacted ❤️");
  });

  it("renders media cards with name, size and caption", async () => {
    await renderConversation();
    expect(bubble("image").textContent).toContain("Photo");
    expect(bubble("image").textContent).toContain("1.2 MB");
    expect(bubble("image").querySelector(".caption strong")?.textContent).toBe("este");
    expect(bubble("video").textContent).toContain("Forwarded");
    expect(bubble("video").textContent).toContain("0:23");
    expect(bubble("audio").textContent).toContain("instrucciones.mp3");
    expect(bubble("voice").textContent).toContain("Voice message");
    expect(bubble("document").textContent).toContain("ficha.pdf");
    expect(bubble("document").textContent).toContain("240 KB");
    expect(bubble("sticker").textContent).toContain("Sticker");
  });

  it("renders location, contacts, choices, template, unsupported and note", async () => {
    await renderConversation();
    const location = bubble("location");
    expect(location.textContent).toContain("Plaza Mayor");
    expect(location.textContent).toContain("Calle Mayor 12, Madrid");
    expect(location.textContent).toContain("40.41678, -3.70379");
    const link = within(location).getByRole("link", { name: /open map/i });
    expect(link.getAttribute("href")).toBe("https://www.openstreetmap.org/?mlat=40.41678&mlon=-3.70379");
    expect(link.getAttribute("rel")).toContain("noopener");

    expect(bubble("contacts").textContent).toContain("Jorge Pérez");
    expect(bubble("contacts").textContent).toContain("+34 600 111 222");
    expect(bubble("interactive").textContent).toContain("Mañana 10:00–12:00");
    expect(bubble("button").textContent).toContain("Confirmar recogida");
    expect(bubble("template").textContent).toContain("pedido_listo · es");
    expect(bubble("template").querySelector("strong")?.textContent).toBe("#4821");
    expect(bubble("unsupported").textContent).toContain("can't be shown in Bandeja yet");
    const note = bubble("note");
    expect(note.textContent).toContain("Private note");
    expect(note.textContent).toContain("Diego Fernández");
    expect(note.querySelector(".bubble-note")).not.toBeNull();
  });

  it("shows delivery ticks for outbound messages", async () => {
    await renderConversation();
    const states = screen.getAllByTestId("delivery").map((el) => el.dataset.state);
    expect(states).toEqual(["read", "delivered", "sent", "pending", "failed"]);
    const failed = screen.getAllByTestId("delivery").find((el) => el.dataset.state === "failed");
    expect(failed?.getAttribute("title")).toBe("Not delivered — error 131047: Re-engagement message");
    expect(within(bubble("image")).queryByTestId("delivery")).toBeNull();
  });

  it("shows reply quotes and day separators", async () => {
    await renderConversation();
    const reply = bubble("text", 1);
    expect(within(reply).getByTestId("reply-quote").textContent).toContain("¿Es este?");
    const separators = screen.getAllByRole("separator").map((el) => el.textContent);
    expect(separators).toEqual(["Yesterday", "Today"]);
  });

  it("shows the header, contact panel and composer window state", async () => {
    await renderConversation();
    expect(screen.getByTestId("conversation-name").textContent).toBe("María José Pérez");
    const header = screen.getByTestId("conversation-view").querySelector("header");
    expect(header?.textContent).toContain("Tienda Centro");
    expect(header?.textContent).toContain("Open");
    expect(header?.textContent).toContain("High");
    expect(header?.textContent).toContain("Diego Fernández");
    expect(header?.textContent).toContain("VIP");

    const panel = screen.getByTestId("contact-panel");
    expect(panel.textContent).toContain("+34 600 123 456");
    expect(panel.textContent).toContain("mj@example.com");
    expect(panel.textContent).toContain("34600123456");
    expect(panel.textContent).toContain("C-4821");
    expect(panel.textContent).toContain("Factura de marzo");

    expect(screen.getByTestId("window-state").textContent).toBe("Window open · 5 h left");
    const send = screen.getByTestId<HTMLButtonElement>("send-button");
    expect(send.disabled).toBe(true); // nothing typed yet
    expect(screen.getByTestId("composer-hint").textContent).toBe("Enter to send · Shift+Enter for a new line");
    expect(screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Reply" }).disabled).toBe(false);
  });

  it("marks the conversation read when opened", async () => {
    const { calls } = await renderConversation();
    await waitFor(() => expect(calls.some((c) => c.cmd === "mark_read")).toBe(true));
    expect(calls.find((c) => c.cmd === "mark_read")?.input).toEqual({ id: 1 });
    expect(calls.find((c) => c.cmd === "list_messages")?.input).toEqual({ conversation_id: 1, before: null, limit: 50 });
  });

  it("renders in Spanish", async () => {
    await renderConversation("es");
    expect(bubble("note").textContent).toContain("Nota privada");
    expect(screen.getByTestId("window-state").textContent).toBe("Ventana abierta · quedan 5 h");
    expect(screen.getAllByRole("separator").map((el) => el.textContent)).toEqual(["Ayer", "Hoy"]);
  });

  it("says the window is closed for WhatsApp after 24 hours", async () => {
    const fake = fakeBackend({
      get_conversation: () => ({ ...detail, summary: { ...detail.summary, unread: 0, window_expires_at: new Date(NOW.getTime() - 1000).toISOString() } }),
    });
    renderWithBackend(<ConversationView id={1} workspace={workspace} onOpenConversation={() => {}} />, {
      backend: fake.backend,
      now: NOW,
    });
    expect((await screen.findByTestId("window-state")).textContent).toBe("Window closed — only templates");
    expect(screen.getByTestId("template-picker")).toBeTruthy();
    expect(screen.getByTestId<HTMLButtonElement>("send-button").disabled).toBe(true);
    expect(screen.getByTestId("composer-hint").textContent).toContain("only allows approved templates");
    expect(fake.calls.some((c) => c.cmd === "mark_read")).toBe(false);
  });
});

describe("ConversationView WhatsApp actions", () => {
  async function renderWith(overrides: Parameters<typeof fakeBackend>[0] = {}, ws: WorkspaceDto = workspace, language = "en") {
    const fake = fakeBackend(overrides);
    const view = renderWithBackend(
      <div className="app-body">
        <ConversationView id={1} workspace={ws} onOpenConversation={() => {}} />
      </div>,
      { backend: fake.backend, now: NOW, language },
    );
    await screen.findAllByTestId("message-bubble");
    return { ...view, ...fake, user: userEvent.setup() };
  }

  it("Reply on a bubble puts the quote above the composer and sends with reply_to_message_id", async () => {
    const { calls, user } = await renderWith();
    const photo = bubble("image");
    await user.click(within(photo).getByRole("button", { name: "Reply" }));
    const bar = screen.getByTestId("composer-reply");
    expect(bar.textContent).toContain("Replying to María José Pérez");
    expect(bar.textContent).toContain("¿Es *este*?");
    const input = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Reply" });
    expect(document.activeElement).toBe(input);
    await user.type(input, "Sí, ese mismo{Enter}");
    await waitFor(() => expect(screen.queryByTestId("composer-reply")).toBeNull());
    const photoId = (everyKind.find((m) => m.kind === "image") as MessageDto).id;
    expect(calls.find((c) => c.cmd === "send_message")?.input).toEqual({
      conversation_id: 1,
      text: "Sí, ese mismo",
      reply_to_message_id: photoId,
    });
  });

  it("Send template on a failed message opens the picker even with the window open, and Back returns to writing", async () => {
    const { user } = await renderWith();
    const failed = screen.getAllByTestId("message-bubble").find((el) => el.textContent?.includes("Fuera de ventana"));
    if (failed === undefined) throw new Error("no failed bubble");
    const box = within(failed).getByTestId("delivery-failure");
    expect(within(box).queryByRole("button", { name: "Retry" })).toBeNull(); // 131047: the window had closed
    await user.click(within(box).getByRole("button", { name: "Send template" }));
    expect(screen.getByTestId("template-picker")).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: "Reply" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Back to writing" }));
    expect(screen.queryByTestId("template-picker")).toBeNull();
    expect(screen.getByRole("textbox", { name: "Reply" })).toBeTruthy();
  });

  it("Retry on a failed message calls retry_message", async () => {
    const failedMessage: MessageDto = {
      ...(everyKind[everyKind.length - 1] as MessageDto),
      id: 500,
      delivery: { state: "failed", code: 131026, title: "Message undeliverable" },
    };
    const { calls, user } = await renderWith({ list_messages: () => ({ items: [failedMessage], next_before: null }) });
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "retry_message")).toBe(true));
    expect(calls.find((c) => c.cmd === "retry_message")?.input).toEqual({ message_id: 500 });
  });

  it("attaches a file dropped on the conversation", async () => {
    await renderWith();
    const pane = screen.getByTestId("conversation-view");
    const file = new File(["%PDF"], "plano.pdf", { type: "application/pdf" });
    const dataTransfer = { files: [file], types: ["Files"], dropEffect: "none" };
    fireEvent.dragEnter(pane, { dataTransfer });
    expect(screen.getByTestId("drop-overlay").textContent).toBe("Drop the file to attach it");
    fireEvent.drop(pane, { dataTransfer });
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
    expect(screen.getByTestId("attachment-chip").textContent).toContain("plano.pdf");
  });

  it("doesn't attach dropped files while the window is closed", async () => {
    await renderWith({
      get_conversation: () => ({ ...detail, summary: { ...detail.summary, window_expires_at: new Date(NOW.getTime() - 1000).toISOString() } }),
    });
    const pane = screen.getByTestId("conversation-view");
    const dataTransfer = { files: [new File(["x"], "a.pdf")], types: ["Files"], dropEffect: "none" };
    fireEvent.dragEnter(pane, { dataTransfer });
    expect(screen.getByTestId("drop-overlay").textContent).toBe("Files can only be sent while the 24-hour window is open.");
    fireEvent.drop(pane, { dataTransfer });
    expect(screen.queryByTestId("attachment-chip")).toBeNull();
  });

  it("shows a reconnect banner for a WhatsApp Cloud account in error, whose dialog calls reconnect_whatsapp", async () => {
    const broken: AccountDto = { ...(workspace.accounts[0] as AccountDto), status: { state: "error", reason: "Error validating access token: Session has expired" } };
    const ws: WorkspaceDto = { ...workspace, accounts: [broken, ...workspace.accounts.slice(1)] };
    const { calls, user, rerender } = await renderWith({}, ws, "es");
    const banner = screen.getByTestId("reconnect-banner");
    expect(banner.textContent).toContain("Esta cuenta necesita reconectarse");
    expect(banner.textContent).toContain("Session has expired");
    await user.click(within(banner).getByRole("button", { name: "Reconectar" }));
    const dialog = screen.getByRole("dialog", { name: "Reconectar Tienda Centro" });
    const token = within(dialog).getByLabelText<HTMLInputElement>("Nuevo token de acceso");
    expect(token.type).toBe("password");
    expect(document.activeElement).toBe(token);
    await user.type(token, "EAAG-new-token");
    await user.click(within(dialog).getByRole("button", { name: "Reconectar" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "reconnect_whatsapp")?.input).toEqual({ account_id: 1, access_token: "EAAG-new-token" });
    // workspace_changed brings the account back as active: the banner goes
    rerender(
      <div className="app-body">
        <ConversationView id={1} workspace={workspace} onOpenConversation={() => {}} />
      </div>,
    );
    expect(screen.queryByTestId("reconnect-banner")).toBeNull();
  });

  it("shows no reconnect banner for healthy accounts or for email accounts in error", async () => {
    const { unmount } = await renderWith();
    expect(screen.queryByTestId("reconnect-banner")).toBeNull();
    unmount();
    const email = workspace.accounts[1] as AccountDto; // IMAP login rejected
    await renderWith({
      get_conversation: () => ({ ...detail, summary: { ...detail.summary, account_id: email.id, channel: "email", window_expires_at: null }, account: email }),
    });
    expect(screen.queryByTestId("reconnect-banner")).toBeNull();
  });

  it("shows the error of a failed reaction under its bubble", async () => {
    const { user } = await renderWith({ react: () => fail({ code: "not_found", message: "message 2 in this conversation" }) });
    const photo = bubble("image");
    await user.click(within(photo).getByRole("button", { name: "React" }));
    await user.click(within(photo).getByRole("button", { name: "React with 😮" }));
    expect((await within(photo).findByTestId("message-action-error")).textContent).toContain("message 2 in this conversation");
  });
});
