import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EmailAccountDto, SignatureInput } from "../../bindings";
import { mailbox } from "../../test/emailFixtures";
import { NOW, fakeBackend } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { SignatureEditor } from "./SignatureEditor";

function renderEditor(account: EmailAccountDto = mailbox) {
  const fake = fakeBackend({ set_email_signature: (input) => ({ ...account, signature_html: input.html }) });
  const view = renderWithBackend(<SignatureEditor account={account} />, { backend: fake.backend, now: NOW });
  return { ...view, ...fake, user: userEvent.setup() };
}

describe("SignatureEditor", () => {
  it("shows the saved signature with only what a signature may hold", () => {
    renderEditor({
      ...mailbox,
      signature_html: '<p><b>Taller</b> <a href="javascript:alert(1)">x</a><img src="https://x.test/t.png" onerror="alert(1)"></p><script>alert(1)</script><iframe src="https://x"></iframe>',
    });
    const editor = screen.getByRole("textbox", { name: "Signature" });
    expect(editor.innerHTML).toBe('<p><b>Taller</b> <a>x</a><img src="https://x.test/t.png"></p>');
    expect(editor.getAttribute("contenteditable")).toBe("true");
  });

  it("keeps Save off until something changes, then saves the cleaned HTML", async () => {
    const { user, calls } = renderEditor();
    const save = screen.getByRole("button", { name: "Save signature" });
    expect(save).toHaveProperty("disabled", true);
    const editor = screen.getByRole("textbox", { name: "Signature" });
    const extra = document.createElement("i");
    extra.textContent = "Hasta pronto";
    editor.appendChild(extra);
    const bad = document.createElement("span");
    bad.setAttribute("onclick", "alert(1)");
    bad.textContent = "!";
    editor.appendChild(bad);
    fireEvent.input(editor);
    expect(save).toHaveProperty("disabled", false);
    await user.click(save);
    await waitFor(() => expect(calls.some((c) => c.cmd === "set_email_signature")).toBe(true));
    const input = calls.find((c) => c.cmd === "set_email_signature")?.input as SignatureInput;
    expect(input).toEqual({ account_id: 2, html: "<p><b>Soporte Ferretería</b><br>Calle Mayor 12</p><i>Hasta pronto</i><span>!</span>" });
    expect(await screen.findByText("Signature saved.")).toBeTruthy();
  });

  it("an empty editor saves an empty signature", async () => {
    const { user, calls } = renderEditor();
    const editor = screen.getByRole("textbox", { name: "Signature" });
    editor.replaceChildren(document.createElement("br"));
    fireEvent.input(editor);
    await user.click(screen.getByRole("button", { name: "Save signature" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "set_email_signature")?.input).toEqual({ account_id: 2, html: "" }));
  });

  it("refuses an image over 200 KB and a file that isn't an image, with the reason", async () => {
    const { user } = renderEditor();
    const input = screen.getByTestId("signature-file");
    await user.upload(input, new File([new Uint8Array(300 * 1024)], "logo-grande.png", { type: "image/png" }));
    expect(screen.getByTestId("signature-problem").textContent).toBe(
      "logo-grande.png is 300 KB: signature images can be up to 200 KB. Use a smaller logo.",
    );
    const all = userEvent.setup({ applyAccept: false });
    await all.upload(input, new File(["%PDF"], "tarifa.pdf", { type: "application/pdf" }));
    expect(screen.getByTestId("signature-problem").textContent).toBe("tarifa.pdf isn't a PNG, JPEG, GIF or WebP image.");
  });

  it("inserts a picked image as a data: URL", async () => {
    const { user } = renderEditor();
    await user.upload(screen.getByTestId("signature-file"), new File([new Uint8Array([137, 80, 78, 71])], "logo.png", { type: "image/png" }));
    const img = await waitFor(() => {
      const found = screen.getByRole("textbox", { name: "Signature" }).querySelector("img");
      if (found === null) throw new Error("no image yet");
      return found;
    });
    expect(img.getAttribute("src")).toBe("data:image/png;base64,iVBORw==");
    expect(img.getAttribute("alt")).toBe("logo");
    expect(screen.getByRole("button", { name: "Save signature" })).toHaveProperty("disabled", false);
  });

  it("adds a link typed in the link box", async () => {
    const { user } = renderEditor({ ...mailbox, signature_html: "" });
    await user.click(screen.getByRole("button", { name: "Link" }));
    await user.type(screen.getByLabelText("Link address"), "tallerruiz.es{Enter}");
    const a = screen.getByRole("textbox", { name: "Signature" }).querySelector("a");
    expect(a?.getAttribute("href")).toBe("https://tallerruiz.es");
    expect(a?.textContent).toBe("tallerruiz.es");
  });

  it("refuses a link that isn't web, mail or phone", async () => {
    const { user } = renderEditor();
    await user.click(screen.getByRole("button", { name: "Link" }));
    await user.type(screen.getByLabelText("Link address"), "javascript:alert(1){Enter}");
    expect(screen.getByTestId("signature-problem").textContent).toContain("Enter a web address");
  });

  it("previews the saved signature in a frame without scripts", () => {
    renderEditor();
    const frame = screen.getByTitle("Preview");
    expect(frame.getAttribute("sandbox")).toBe("allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    expect(frame.getAttribute("srcdoc")).toContain("<b>Soporte Ferretería</b>");
  });
});
