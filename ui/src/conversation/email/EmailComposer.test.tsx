import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EmailDraftInput, SendEmailInput } from "../../bindings";
import { fail } from "../../backend/types";
import { emailDetail, emailThread, mailbox } from "../../test/emailFixtures";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { ConversationView } from "../ConversationView";
import { invalidAddresses, parseAddresses } from "./compose";

type Overrides = Parameters<typeof fakeBackend>[0];

/** The core's drafts: Reply to the sender, Reply all with the Cc, Forward to nobody. */
function draft(input: EmailDraftInput) {
  if (input.answer === "forward") return { to: [], cc: [], subject: "Fwd: Presupuesto reforma baño" };
  return { to: ["carlos@example.com"], cc: input.answer === "reply_all" ? ["obra@example.com"] : [], subject: `Re: Presupuesto reforma baño (${input.message_id})` };
}

function renderEmail(overrides: Overrides = {}) {
  const fake = fakeBackend({
    get_conversation: () => emailDetail,
    list_messages: () => ({ items: emailThread, next_before: null }),
    get_email_account: () => mailbox,
    email_draft: draft,
    ...overrides,
  });
  const view = renderWithBackend(<ConversationView id={7} workspace={workspace} onOpenConversation={() => {}} />, {
    backend: fake.backend,
    now: NOW,
  });
  return { ...view, ...fake, user: userEvent.setup() };
}

const field = (label: string) => screen.getByLabelText<HTMLInputElement>(label);

describe("Email composer", () => {
  it("replies to the newest email: recipients and subject from email_draft, signature on", async () => {
    const { calls } = renderEmail();
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    expect(calls.find((c) => c.cmd === "email_draft")?.input).toEqual({ message_id: 33, answer: "reply" });
    expect(field("Cc").value).toBe("");
    expect(field("Subject").value).toBe("Re: Presupuesto reforma baño (33)");
    expect(field("Subject").readOnly).toBe(true);
    expect(screen.getByRole("radio", { name: "Reply" })).toHaveProperty("checked", true);
    expect(screen.getByRole("checkbox", { name: "Add signature" })).toHaveProperty("checked", true);
    expect(screen.queryByRole("button", { name: /isn't available yet/ })).toBeNull();
  });

  it("Reply all adds the Cc; Forward leaves To empty", async () => {
    const { user } = renderEmail();
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    await user.click(screen.getByRole("radio", { name: "Reply all" }));
    await waitFor(() => expect(field("Cc").value).toBe("obra@example.com"));
    expect(field("To").value).toBe("carlos@example.com");
    await user.click(screen.getByRole("radio", { name: "Forward" }));
    await waitFor(() => expect(field("Subject").value).toBe("Fwd: Presupuesto reforma baño"));
    expect(field("To").value).toBe("");
    expect(field("Cc").value).toBe("");
  });

  it("a card's Reply all answers that message and puts the cursor in the box", async () => {
    const { user, calls } = renderEmail();
    const cards = await screen.findAllByTestId("email-card");
    const older = cards.find((c) => c.getAttribute("data-message-id") === "32");
    if (older === undefined) throw new Error("no card for message 32");
    await user.click(within(older).getByRole("button", { name: "Reply all" }));
    await waitFor(() => expect(calls.map((c) => c.input)).toContainEqual({ message_id: 32, answer: "reply_all" }));
    await waitFor(() => expect(field("Subject").value).toBe("Re: Presupuesto reforma baño (32)"));
    expect(screen.getByRole("radio", { name: "Reply all" })).toHaveProperty("checked", true);
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Message" }));
    expect(screen.getByTestId("email-compose-parent").textContent).toContain("Soporte");
  });

  it("sends with Ctrl+Enter: edited recipients, text, files as base64 and the signature", async () => {
    const { user, calls } = renderEmail();
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    await user.type(field("Cc"), "Andrés <andres@example.com>; obra@example.com");
    await user.upload(screen.getByTestId("file-input"), new File(["hola"], "plano.txt", { type: "text/plain" }));
    expect(screen.getByTestId("attachment-chip").textContent).toContain("plano.txt");
    await user.click(screen.getByRole("checkbox", { name: "Add signature" }));
    const body = screen.getByRole("textbox", { name: "Message" });
    await user.type(body, "Sí, lo incluye.{Control>}{Enter}{/Control}");
    await waitFor(() => expect(calls.some((c) => c.cmd === "send_email")).toBe(true));
    const sent = calls.find((c) => c.cmd === "send_email")?.input as SendEmailInput;
    expect(sent).toEqual({
      conversation_id: 7,
      message_id: 33,
      answer: "reply",
      to: ["carlos@example.com"],
      cc: ["Andrés <andres@example.com>", "obra@example.com"],
      text: "Sí, lo incluye.",
      html: "Sí, lo incluye.",
      attachments: [{ filename: "plano.txt", mime: "text/plain", data_base64: "aG9sYQ==" }],
      signature: false,
    });
    await waitFor(() => expect(body.textContent).toBe(""));
    expect(body.childNodes).toHaveLength(0);
    expect(screen.queryByTestId("attachment-chip")).toBeNull();
  });

  it("says what is wrong before sending, and shows the core's refusal", async () => {
    const { user, calls } = renderEmail({ send_email: () => fail({ code: "email_refused", message: "550 5.1.1 mailbox unavailable" }) });
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    const body = screen.getByRole("textbox", { name: "Message" });
    await user.clear(field("To"));
    await user.type(body, "Hola");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(screen.getByTestId("send-error").textContent).toBe("Add at least one recipient in To.");
    await user.type(field("To"), "carlos@");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(screen.getByTestId("send-error").textContent).toBe("Not an email address: carlos@");
    expect(calls.some((c) => c.cmd === "send_email")).toBe(false);
    await user.type(field("To"), "example.com");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect((await screen.findByTestId("send-error")).textContent).toBe("Not sent: the mail server refused it (550 5.1.1 mailbox unavailable).");
    expect(body.textContent).toBe("Hola");
  });

  it("is a rich editor: sends the cleaned HTML and its plain-text rendering", async () => {
    const { user, calls } = renderEmail();
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    const body = screen.getByRole("textbox", { name: "Message" });
    expect(body.id).toBe("email-compose-body");
    expect(body.getAttribute("contenteditable")).toBe("true");
    expect(screen.getByRole("toolbar", { name: "Formatting" }).getAttribute("aria-controls")).toBe("email-compose-body");
    // what the webview builds: bold, a line per Enter, a list, a link, and a pasted script and image
    const html = new DOMParser().parseFromString(
      '<b>Hola</b> Carlos,<div><br></div><div>incluye:</div><ul><li>azulejo</li><li>mano de obra</li></ul><div>Fotos en <a href="https://obra.example/fotos" onclick="x()">la web</a><img src="https://t.example/p.gif"><script>alert(1)</script></div>',
      "text/html",
    );
    body.replaceChildren(...[...html.body.childNodes]);
    fireEvent.input(body);
    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "send_email")).toBe(true));
    const sent = calls.find((c) => c.cmd === "send_email")?.input as SendEmailInput;
    expect(sent.html).toBe(
      '<b>Hola</b> Carlos,<div><br></div><div>incluye:</div><ul><li>azulejo</li><li>mano de obra</li></ul><div>Fotos en <a href="https://obra.example/fotos">la web</a></div>',
    );
    expect(sent.text).toBe("Hola Carlos,\n\nincluye:\n- azulejo\n- mano de obra\nFotos en la web <https://obra.example/fotos>");
  });

  it("adds a link from the toolbar or Ctrl+K, and refuses one that isn't web, mail or phone", async () => {
    const { user } = renderEmail();
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    const body = screen.getByRole("textbox", { name: "Message" });
    await user.click(screen.getByRole("button", { name: "Link" }));
    await user.type(screen.getByLabelText("Link address"), "javascript:alert(1){Enter}");
    expect(screen.getByRole("alert").textContent).toContain("Enter a web address");
    await user.clear(screen.getByLabelText("Link address"));
    await user.type(screen.getByLabelText("Link address"), "obra.example{Enter}");
    expect(screen.queryByLabelText("Link address")).toBeNull();
    expect(body.querySelector("a")?.getAttribute("href")).toBe("https://obra.example");

    await user.click(body);
    await user.keyboard("{Control>}k{/Control}");
    expect(screen.getByLabelText("Link address")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByLabelText("Link address")).toBeNull();
    expect(document.activeElement).toBe(body);
  });

  it("starts a bulleted list from the toolbar", async () => {
    const { user } = renderEmail();
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    await user.click(screen.getByRole("button", { name: "Bulleted list" }));
    const body = screen.getByRole("textbox", { name: "Message" });
    expect(body.querySelector("ul > li")).not.toBeNull();
  });

  it("leaves the signature off when the mailbox has none", async () => {
    renderEmail({ get_email_account: () => ({ ...mailbox, signature_html: "" }) });
    await waitFor(() => expect(field("To").value).toBe("carlos@example.com"));
    const check = screen.getByRole("checkbox", { name: "Add signature" });
    expect(check).toHaveProperty("checked", false);
    expect(check).toHaveProperty("disabled", true);
  });
});

describe("addresses", () => {
  it("splits on commas, semicolons and lines; finds what isn't an address", () => {
    expect(parseAddresses(" a@x.es, B <b@y.es>;\nc@z.es ,, ")).toEqual(["a@x.es", "B <b@y.es>", "c@z.es"]);
    expect(invalidAddresses(["a@x.es", "B <b@y.es>", "postmaster@localhost", "nope", "x@", "@y.es"])).toEqual(["nope", "x@", "@y.es"]);
  });
});
