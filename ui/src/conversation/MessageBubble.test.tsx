import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MediaDto, MessageContent, MessageDto, MessageKind } from "../bindings";
import { fail } from "../backend/types";
import { NOW, everyKind, fakeBackend, workspace } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { ConversationActionsContext, type ConversationActions } from "./actions";
import { MessageBubble } from "./MessageBubble";

type Overrides = Parameters<typeof fakeBackend>[0];

const base = everyKind[0] as MessageDto;

function media(
  id: number,
  kind: MessageKind,
  content: Partial<Extract<MessageContent, { type: "media" }>>,
  state: MediaDto | null,
  extra: Partial<MessageDto> = {},
): MessageDto {
  return {
    ...base,
    id,
    kind,
    text: null,
    reactions: [],
    content: { type: "media", caption: null, mime: "application/octet-stream", filename: null, size: 1000, duration_secs: null, ...content },
    media: state,
    ...extra,
  };
}

const ready = (mime: string, size = 1000): MediaDto => ({ state: "ready", mime, size, error: null });

function renderBubble(message: MessageDto, { overrides = {}, language = "en", actions }: { overrides?: Overrides; language?: string; actions?: Partial<ConversationActions> } = {}) {
  const fake = fakeBackend(overrides);
  const log: string[] = [];
  const value: ConversationActions = {
    meId: 1,
    interactive: true,
    reply: (m) => log.push(`reply:${m.id}`),
    openTemplates: () => log.push("templates"),
    ...actions,
  };
  const view = renderWithBackend(
    <ConversationActionsContext.Provider value={value}>
      <MessageBubble message={message} channel="whatsapp" members={workspace.members} contactName="María José Pérez" showSender={false} />
    </ConversationActionsContext.Provider>,
    { backend: fake.backend, now: NOW, language },
  );
  return { ...view, ...fake, log, user: userEvent.setup() };
}

describe("MessageBubble media", () => {
  it("shows a spinner while the file downloads", () => {
    renderBubble(media(50, "image", { mime: "image/jpeg", caption: "la pieza" }, { state: "pending", mime: "image/jpeg", size: 2048, error: null }));
    const pending = screen.getByTestId("media-pending");
    expect(pending.getAttribute("role")).toBe("status");
    expect(pending.textContent).toBe("Downloading…");
    expect(screen.getByTestId("message-bubble").textContent).toContain("la pieza");
    expect(screen.queryByRole("img")).toBeNull();
  });

  it("says Descargando… in Spanish", () => {
    renderBubble(media(50, "video", { mime: "video/mp4" }, { state: "pending", mime: "video/mp4", size: null, error: null }), { language: "es" });
    expect(screen.getByTestId("media-pending").textContent).toBe("Descargando…");
  });

  it("shows why a download failed and retries it with retry_media", async () => {
    const { calls, user } = renderBubble(
      media(51, "voice", { mime: "audio/ogg" }, { state: "failed", mime: "audio/ogg", size: null, error: "The media URL expired" }),
    );
    const failed = screen.getByTestId("media-failed");
    expect(failed.textContent).toContain("Couldn't download the file: The media URL expired");
    await user.click(within(failed).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "retry_media")).toBe(true));
    expect(calls.find((c) => c.cmd === "retry_media")?.input).toEqual({ message_id: 51 });
  });

  it("shows the error when retrying the download fails", async () => {
    const { user } = renderBubble(
      media(52, "image", { mime: "image/jpeg" }, { state: "failed", mime: "image/jpeg", size: null, error: null }),
      { overrides: { retry_media: () => fail({ code: "provider_error", message: "Meta is unreachable" }) } },
    );
    await user.click(screen.getByTestId("media-retry"));
    expect((await screen.findByTestId("media-retry-error")).textContent).toBe("Couldn't do that: Meta is unreachable");
  });

  it("shows a downloaded photo inline and full size in a dialog", async () => {
    const { user } = renderBubble(media(53, "image", { mime: "image/jpeg", caption: "¿Es *este*?" }, ready("image/jpeg")));
    const img = within(screen.getByTestId("media-image")).getByRole<HTMLImageElement>("img");
    expect(img.getAttribute("src")).toBe("media://test/53");
    expect(img.getAttribute("alt")).toBe("¿Es *este*?");
    await user.click(screen.getByRole("button", { name: "Open the photo full size" }));
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByRole("img").getAttribute("src")).toBe("media://test/53");
    expect(within(dialog).getByRole("link", { name: /download/i }).getAttribute("href")).toBe("media://test/53");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("plays video, audio and voice notes in the bubble", () => {
    const { unmount } = renderBubble(media(54, "video", { mime: "video/mp4", duration_secs: 23 }, ready("video/mp4")));
    const video = screen.getByTestId<HTMLVideoElement>("media-video");
    expect(video.getAttribute("src")).toBe("media://test/54");
    expect(video.hasAttribute("controls")).toBe(true);
    unmount();

    const second = renderBubble(media(55, "audio", { mime: "audio/mpeg", filename: "instrucciones.mp3" }, ready("audio/mpeg")));
    const audio = screen.getByTestId<HTMLAudioElement>("media-audio");
    expect(audio.getAttribute("src")).toBe("media://test/55");
    expect(audio.getAttribute("preload")).toBe("metadata");
    expect(audio.hasAttribute("controls")).toBe(true);
    expect(screen.getByTestId("message-bubble").textContent).toContain("instrucciones.mp3");
    second.unmount();

    renderBubble(media(56, "voice", { mime: "audio/ogg", duration_secs: 14 }, ready("audio/ogg")));
    const voice = screen.getByTestId<HTMLAudioElement>("media-audio");
    expect(voice.closest(".media-audio-player")?.classList.contains("voice")).toBe(true);
    expect(voice.getAttribute("aria-label")).toBe("Voice message");
    expect(screen.getByTestId("message-bubble").textContent).toContain("0:14");
  });

  it("shows a sticker as a small picture", () => {
    renderBubble(media(57, "sticker", { mime: "image/webp" }, ready("image/webp")));
    expect(screen.getByTestId("media-sticker").getAttribute("src")).toBe("media://test/57");
  });

  it("shows a document as a file card with a download link", () => {
    renderBubble(media(58, "document", { mime: "application/pdf", filename: "ficha.pdf", size: 245_678 }, ready("application/pdf", 245_678)));
    const bubble = screen.getByTestId("message-bubble");
    expect(bubble.textContent).toContain("ficha.pdf");
    expect(bubble.textContent).toContain("240 KB");
    const link = screen.getByTestId("media-download");
    expect(link.getAttribute("href")).toBe("media://test/58");
    expect(link.getAttribute("download")).toBe("ficha.pdf");
    expect(link.getAttribute("aria-label")).toBe("Download ficha.pdf 240 KB");
  });

  it("hides a potentially dangerous file until the agent asks for it", async () => {
    const { user } = renderBubble(
      media(59, "document", { mime: "application/octet-stream", filename: "factura.exe" }, ready("application/octet-stream")),
      { language: "es" },
    );
    const warning = screen.getByTestId("media-quarantine");
    expect(warning.textContent).toContain("factura.exe");
    expect(warning.textContent).toContain("Archivo potencialmente peligroso");
    expect(screen.queryByTestId("media-download")).toBeNull();
    await user.click(within(warning).getByRole("button", { name: "Mostrar de todos modos" }));
    expect(screen.queryByTestId("media-quarantine")).toBeNull();
    expect(screen.getByTestId("media-download").getAttribute("download")).toBe("factura.exe");
  });

  it("does not flag ordinary documents", () => {
    renderBubble(media(60, "document", { mime: "application/pdf", filename: "scripts.js.pdf" }, ready("application/pdf")));
    expect(screen.queryByTestId("media-quarantine")).toBeNull();
  });
});

describe("MessageBubble reactions and replies", () => {
  const inbound: MessageDto = { ...base, id: 70, reactions: [{ emoji: "👍", from_contact: true, member_id: null }] };

  it("reacts with one of six quick emojis", async () => {
    const { calls, user } = renderBubble(inbound);
    const trigger = screen.getByRole("button", { name: "React" });
    expect(trigger.getAttribute("aria-expanded")).toBe("false");
    await user.click(trigger);
    const picker = screen.getByTestId("reaction-picker");
    expect(within(picker).getAllByRole("button").map((b) => b.textContent)).toEqual(["👍", "❤️", "😂", "😮", "😢", "🙏"]);
    await user.click(within(picker).getByRole("button", { name: "React with 🙏" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "react")).toBe(true));
    expect(calls.find((c) => c.cmd === "react")?.input).toEqual({ message_id: 70, emoji: "🙏" });
    expect(screen.queryByTestId("reaction-picker")).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it("removes the member's reaction when the same emoji is picked again", async () => {
    const mine: MessageDto = {
      ...inbound,
      reactions: [...inbound.reactions, { emoji: "❤️", from_contact: false, member_id: 1 }, { emoji: "😂", from_contact: false, member_id: 2 }],
    };
    const { calls, user } = renderBubble(mine);
    expect(screen.getByTestId("reactions").textContent).toBe("👍❤️😂");
    await user.click(screen.getByRole("button", { name: "React" }));
    const current = screen.getByRole("button", { name: "Remove your ❤️ reaction" });
    expect(current.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "React with 😂" }).getAttribute("aria-pressed")).toBe("false");
    await user.click(current);
    await waitFor(() => expect(calls.some((c) => c.cmd === "react")).toBe(true));
    expect(calls.find((c) => c.cmd === "react")?.input).toEqual({ message_id: 70, emoji: null });
  });

  it("is keyboard reachable: Tab to the button, Enter opens, arrows move, Esc closes", async () => {
    const { user } = renderBubble(inbound);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "React" }));
    await user.keyboard("{Enter}");
    expect(document.activeElement?.textContent).toBe("👍");
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement?.textContent).toBe("❤️");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("reaction-picker")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "React" }));
  });

  it("shows the core's message when reacting fails", async () => {
    const { user } = renderBubble(inbound, {
      overrides: { react: () => fail({ code: "provider_error", message: "(#131009) Parameter value is not valid" }) },
    });
    await user.click(screen.getByRole("button", { name: "React" }));
    await user.click(screen.getByRole("button", { name: "React with 👍" }));
    expect((await screen.findByTestId("message-action-error")).textContent).toBe(
      "Couldn't react: (#131009) Parameter value is not valid",
    );
  });

  it("asks the conversation to reply to this message", async () => {
    const { log, user } = renderBubble(inbound);
    await user.click(screen.getByRole("button", { name: "Reply" }));
    expect(log).toEqual(["reply:70"]);
  });

  it("offers no actions on notes, unsent messages or email", () => {
    const note = everyKind.find((m) => m.kind === "note") as MessageDto;
    const { unmount } = renderBubble(note);
    expect(screen.queryByRole("button", { name: "React" })).toBeNull();
    unmount();
    const pending = everyKind.find((m) => m.delivery?.state === "pending") as MessageDto;
    const second = renderBubble(pending);
    expect(screen.queryByRole("button", { name: "Reply" })).toBeNull();
    second.unmount();
    renderBubble(inbound, { actions: { interactive: false } });
    expect(screen.queryByRole("button", { name: "React" })).toBeNull();
  });

  it("closes the picker on a click elsewhere", async () => {
    const { user } = renderBubble(inbound);
    await user.click(screen.getByRole("button", { name: "React" }));
    fireEvent.mouseDown(document.body);
    expect(screen.queryByTestId("reaction-picker")).toBeNull();
  });
});

describe("MessageBubble delivery failures", () => {
  const failed = (code: number, title: string): MessageDto => ({
    ...base,
    id: 80,
    direction: "outbound",
    author_member_id: 1,
    sender: "Lucía Romero",
    reactions: [],
    delivery: { state: "failed", code, title },
  });

  it("shows the reason in red with Retry and Send template; Retry calls retry_message", async () => {
    const { calls, log, user } = renderBubble(failed(131026, "Message undeliverable"));
    const box = screen.getByTestId("delivery-failure");
    expect(box.textContent).toContain("Not delivered — error 131026: Message undeliverable");
    await user.click(within(box).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "retry_message")).toBe(true));
    expect(calls.find((c) => c.cmd === "retry_message")?.input).toEqual({ message_id: 80 });
    await user.click(within(box).getByRole("button", { name: "Send template" }));
    expect(log).toEqual(["templates"]);
  });

  it("only offers Send template when the window had closed (131047)", () => {
    renderBubble(failed(131047, "Re-engagement message"), { language: "es" });
    const box = screen.getByTestId("delivery-failure");
    expect(box.textContent).toContain("han pasado más de 24 horas");
    expect(within(box).queryByRole("button", { name: "Reintentar" })).toBeNull();
    expect(within(box).getByRole("button", { name: "Enviar plantilla" })).toBeTruthy();
  });

  it("shows the error when the retry is refused", async () => {
    const { user } = renderBubble(failed(131000, "Something went wrong"), {
      overrides: { retry_message: () => fail({ code: "window_closed", message: "The 24-hour window is closed" }) },
    });
    await user.click(screen.getByTestId("retry-message"));
    expect((await screen.findByTestId("retry-error")).textContent).toBe("Couldn't retry: The 24-hour window is closed");
  });
});

describe("MessageBubble placeholders", () => {
  it("says clearly when the customer deleted a message", () => {
    renderBubble({ ...base, id: 90, kind: "unsupported", text: null, reactions: [], content: { type: "unsupported", reason: "This message was deleted by the customer" } });
    expect(screen.getByTestId("message-revoked").textContent).toContain("This message was deleted");
  });

  it("explains unsupported messages", () => {
    renderBubble({ ...base, id: 91, kind: "unsupported", text: null, reactions: [], content: { type: "unsupported", reason: "Polls are not supported" } });
    const block = screen.getByTestId("message-unsupported");
    expect(block.textContent).toContain("This type of message can't be shown in Bandeja yet.");
    expect(block.textContent).toContain("Polls are not supported");
    expect(block.textContent).toContain("Open WhatsApp on the phone to see it.");
  });

  it("labels an automatic reply instead of naming a member", () => {
    const auto: MessageDto = { ...base, id: 900, direction: "outbound", automated: true, author_member_id: null, sender: "Ferretería Ríos", delivery: { state: "sent" } };
    renderBubble(auto, { language: "es" });
    const bubble = screen.getByTestId("message-bubble");
    expect(within(bubble).getByTestId("automated-label").textContent).toBe("Respuesta automática");
    expect(bubble.getAttribute("data-automated")).toBe("true");
    expect(bubble.textContent).not.toContain("Ferretería Ríos");
    expect(bubble.textContent).not.toContain("Lucía");
  });
});
