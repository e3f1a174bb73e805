import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EmailContent, MessageDto } from "../../bindings";
import { emailContent, emailMessage, newsletterHtml } from "../../test/emailFixtures";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { ConversationActionsContext, type ConversationActions } from "../actions";
import { EmailCard } from "./EmailCard";
import { quoteBlocks } from "./QuotedText";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderCard(message: MessageDto, overrides: Overrides = {}, actions?: Partial<ConversationActions>) {
  const fake = fakeBackend(overrides);
  const value: ConversationActions = { meId: 1, interactive: false, reply: vi.fn(), openTemplates: vi.fn(), answerEmail: vi.fn(), ...actions };
  const content = message.content as { type: "email" } & EmailContent;
  const view = renderWithBackend(
    <ConversationActionsContext.Provider value={value}>
      <EmailCard message={message} content={content} conversationSubject="Presupuesto reforma baño" members={workspace.members} />
    </ConversationActionsContext.Provider>,
    { backend: fake.backend, now: NOW },
  );
  return { ...view, ...fake, actions: value, user: userEvent.setup() };
}

const newsletter = emailMessage(
  40,
  emailContent({
    subject: "Ofertas de primavera",
    from: { name: "Distribuciones Levante", address: "boletin@levante.example" },
    cc: [],
    text: "Ofertas de primavera — hasta un 30 %",
    quoted: "",
    has_html: true,
    attachments: [
      { index: 0, name: "catalogo.pdf", mime: "application/pdf", size: 2_431_002, inline: false },
      { index: 1, name: "logo.png", mime: "image/png", size: 8_214, inline: true },
    ],
  }),
);

describe("EmailCard", () => {
  it("shows who wrote to whom, keeps the text's lines and folds the quoted history", async () => {
    const { user } = renderCard(emailMessage(33, emailContent()));
    const card = screen.getByTestId("email-card");
    expect(card.textContent).toContain("Carlos Méndez");
    expect(card.textContent).toContain("<carlos@example.com>");
    expect(card.textContent).toContain("To");
    expect(card.textContent).toContain("obra@example.com");
    expect(screen.getByTestId("email-text").textContent).toBe("Buenos días,\n\n¿el presupuesto incluye el adhesivo?\n\nGracias");
    // "Re: Presupuesto reforma baño" is the conversation's subject
    expect(screen.queryByTestId("email-subject")).toBeNull();
    expect(screen.queryByTestId("email-quoted")).toBeNull();
    const toggle = screen.getByRole("button", { name: /Show quoted text/ });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await user.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const quoted = screen.getByTestId("email-quoted");
    expect(quoted.textContent).toContain("El 10 mar 2026, Soporte escribió:");
    expect(quoted.textContent).toContain("Te adjunto el presupuesto.");
    expect(quoted.textContent).not.toContain(">");
    await user.click(screen.getByRole("button", { name: /Hide quoted text/ }));
    expect(screen.queryByTestId("email-quoted")).toBeNull();
  });

  it("shows its subject when it isn't the conversation's", () => {
    renderCard(emailMessage(34, emailContent({ subject: "Otra cosa: factura" })));
    expect(screen.getByTestId("email-subject").textContent).toBe("Otra cosa: factura");
  });

  it("answers through the conversation: Reply, Reply all, Forward", async () => {
    const message = emailMessage(33, emailContent());
    const { user, actions } = renderCard(message);
    await user.click(screen.getByRole("button", { name: "Reply all" }));
    await user.click(screen.getByRole("button", { name: "Forward" }));
    expect(actions.answerEmail).toHaveBeenNthCalledWith(1, message, "reply_all");
    expect(actions.answerEmail).toHaveBeenNthCalledWith(2, message, "forward");
  });

  it("shows the formatted version first: sandboxed, script-less, its own CSP, cid: images from the attachments", async () => {
    const { calls } = renderCard(newsletter, { get_email_html: () => newsletterHtml });
    const frame = await screen.findByTestId("email-html-frame");
    expect(calls.find((c) => c.cmd === "get_email_html")?.input).toEqual({ message_id: 40, load_remote: false });
    expect(frame.getAttribute("sandbox")).toBe("allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    const doc = frame.getAttribute("srcdoc") ?? "";
    expect(doc).toContain('<img src="http://bridge.test/media/40/1" alt="Logo">');
    expect(doc).not.toContain("cid:");
    expect(doc).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src http://bridge.test data:; style-src 'unsafe-inline'; font-src data:">`,
    );
    expect(doc).toContain('<base target="_blank">');
    expect(screen.getByRole("button", { name: "Formatted" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("switches to the plain text", async () => {
    const { user } = renderCard(newsletter, { get_email_html: () => newsletterHtml });
    await screen.findByTestId("email-html-frame");
    await user.click(screen.getByRole("button", { name: "Plain text" }));
    expect(screen.queryByTestId("email-html-frame")).toBeNull();
    expect(screen.getByTestId("email-text").textContent).toBe("Ofertas de primavera — hasta un 30 %");
  });

  it("blocks remote images until asked: once, or always for the sender", async () => {
    let allowed = false;
    const withImages = { ...newsletterHtml, html: `${newsletterHtml.html}<img src="https://levante.example/p.jpg">`, blocked_remote_images: 0 };
    const { user, calls } = renderCard(newsletter, {
      get_email_html: (input) => (input.load_remote || allowed ? withImages : newsletterHtml),
      allow_remote_images: () => {
        allowed = true;
        return null;
      },
    });
    const bar = await screen.findByTestId("remote-images-bar");
    expect(bar.textContent).toContain("3 remote images are blocked to protect your privacy.");
    expect(screen.getByTestId("email-html-frame").getAttribute("srcdoc")).not.toContain("https:");

    await user.click(within(bar).getByRole("button", { name: "Load images" }));
    await waitFor(() => expect(screen.getByTestId("email-html-frame").getAttribute("srcdoc")).toContain("img-src http://bridge.test data: https:"));
    expect(calls.filter((c) => c.cmd === "get_email_html").map((c) => c.input)).toContainEqual({ message_id: 40, load_remote: true });
    expect(screen.queryByTestId("remote-images-bar")).toBeNull();
  });

  it("Always for the sender remembers it and fetches the email again", async () => {
    let allowed = false;
    const withImages = { ...newsletterHtml, html: `${newsletterHtml.html}<img src="https://levante.example/p.jpg">`, blocked_remote_images: 0 };
    const { user, calls } = renderCard(newsletter, {
      get_email_html: () => (allowed ? withImages : newsletterHtml),
      allow_remote_images: () => {
        allowed = true;
        return null;
      },
    });
    await user.click(await screen.findByRole("button", { name: "Always for news@proveedor.example" }));
    expect(calls.find((c) => c.cmd === "allow_remote_images")?.input).toEqual({ sender: "news@proveedor.example" });
    await waitFor(() => expect(screen.queryByTestId("remote-images-bar")).toBeNull());
    expect(screen.getByTestId("email-html-frame").getAttribute("srcdoc")).toContain("https://levante.example/p.jpg");
    expect(screen.getByTestId("email-html-frame").getAttribute("srcdoc")).toContain("data: https:");
  });

  it("lists the attachments that aren't inline, as downloads", () => {
    renderCard(newsletter, { get_email_html: () => newsletterHtml });
    const files = screen.getAllByTestId("email-attachment");
    expect(files).toHaveLength(1);
    expect(files[0]?.getAttribute("href")).toBe("http://bridge.test/media/40/0");
    expect(files[0]?.getAttribute("download")).toBe("catalogo.pdf");
    expect(files[0]?.textContent).toContain("catalogo.pdf");
    expect(files[0]?.textContent).toContain("2.3 MB");
  });
});

describe("quoteBlocks", () => {
  it("groups lines by quoting depth and drops the markers", () => {
    expect(quoteBlocks("On Monday, Ana wrote:\n> Hi\n>\n> > older\n>> oldest\nafter\n")).toEqual([
      { depth: 0, text: "On Monday, Ana wrote:" },
      { depth: 1, text: "Hi\n" },
      { depth: 2, text: "older\noldest" },
      { depth: 0, text: "after" },
    ]);
  });
});
