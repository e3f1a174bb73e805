import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EmailAccountDto, EmailOAuthInput, WorkspaceDto } from "../../bindings";
import { fail } from "../../backend/types";
import { mailbox } from "../../test/emailFixtures";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { EmailSettings } from "./EmailSettings";

type Overrides = NonNullable<Parameters<typeof fakeBackend>[0]>;
type Finish = (input: { flow_id: string }) => EmailAccountDto;

const real: WorkspaceDto = { ...workspace, is_demo: false };
const gmailBox: EmailAccountDto = {
  ...mailbox,
  account_id: 9,
  kind: "email_gmail",
  address: "hola@tallerruiz.es",
  sender_name: "Taller Ruiz",
  imap: { host: "imap.gmail.com", port: 993, security: "tls" },
  smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
  username: "hola@tallerruiz.es",
};

/** An answer the test gives when it wants (the browser coming back). */
function later<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** `finish_email_oauth` answering with a promise (the fake backend passes it through). */
function finishWith(promise: Promise<EmailAccountDto>): Finish {
  return (() => promise) as unknown as Finish;
}

function Harness({ ws }: { ws: WorkspaceDto }) {
  const [sub, setSub] = useState("connect");
  return (
    <>
      <span data-testid="sub">{sub}</span>
      <EmailSettings workspace={ws} sub={sub} onNavigate={setSub} />
    </>
  );
}

function renderForm(
  overrides: Overrides = {},
  { ws = real, language = "en", desktop = false }: { ws?: WorkspaceDto; language?: string; desktop?: boolean } = {},
) {
  const fake = fakeBackend({
    start_email_oauth: () => ({ flow_id: "flow-1", url: "https://accounts.example/auth?state=1" }),
    finish_email_oauth: () => gmailBox,
    get_email_account: () => gmailBox,
    list_email_accounts: () => ({ accounts: [gmailBox] }),
    ...overrides,
  });
  const backend = { ...fake.backend, opensSystemBrowser: desktop };
  const view = renderWithBackend(<Harness ws={ws} />, { backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

async function fillIdentity(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText("Email address"), "hola@tallerruiz.es");
  await user.type(screen.getByLabelText("Sender name"), "Taller Ruiz");
}

let opened: ReturnType<typeof vi.fn>;
beforeEach(() => {
  opened = vi.fn(() => null);
  vi.stubGlobal("open", opened);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("Sign in with Google / Microsoft", () => {
  it("is the first way for Gmail and Microsoft 365; the app password is the second, and the only one for others", async () => {
    const { user } = renderForm();
    expect(screen.getByTestId("email-oauth-google").textContent).toBe("Sign in with Google");
    expect(screen.queryByLabelText("Password")).toBeNull();
    expect(screen.queryByRole("button", { name: "Connect" })).toBeNull();
    expect(screen.getByTestId("email-oauth").textContent).toContain("Reads mail from imap.gmail.com and sends through smtp.gmail.com.");

    const toggle = screen.getByTestId("email-use-password");
    await user.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByLabelText("Password")).toBeTruthy();
    await user.click(toggle);
    expect(screen.queryByLabelText("Password")).toBeNull();

    await user.click(screen.getByRole("radio", { name: /Outlook \/ Microsoft 365/ }));
    expect(screen.getByTestId("email-oauth-microsoft").textContent).toBe("Sign in with Microsoft");
    expect(screen.queryByTestId("email-oauth-google")).toBeNull();

    await user.click(screen.getByRole("radio", { name: /Other \(IMAP\)/ }));
    expect(screen.queryByTestId("email-oauth")).toBeNull();
    expect(screen.queryByTestId("email-use-password")).toBeNull();
    expect(screen.getByLabelText("Password")).toBeTruthy();
  });

  it("needs the address and the sender name first", async () => {
    const { user } = renderForm();
    const button = screen.getByTestId("email-oauth-google");
    expect(button).toHaveProperty("disabled", true);
    expect(screen.getByTestId("email-oauth").textContent).toContain("Enter the email address and the sender name to sign in.");
    await user.type(screen.getByLabelText("Email address"), "hola@tallerruiz.es");
    expect(button).toHaveProperty("disabled", true);
    await user.type(screen.getByLabelText("Sender name"), "Taller Ruiz");
    expect(button).toHaveProperty("disabled", false);
    expect(screen.getByTestId("email-oauth").textContent).toContain("never sees your password");
  });

  it("in a browser tab: opens the provider's page itself, waits, then opens the new mailbox", async () => {
    const finish = later<EmailAccountDto>();
    const { user, calls } = renderForm({ finish_email_oauth: finishWith(finish.promise) });
    await fillIdentity(user);
    await user.clear(screen.getByLabelText("First sync"));
    await user.type(screen.getByLabelText("First sync"), "60");
    await user.click(screen.getByTestId("email-oauth-google"));

    const waiting = await screen.findByTestId("email-oauth-waiting");
    expect(calls.find((c) => c.cmd === "start_email_oauth")?.input).toEqual({
      provider: "google",
      address: "hola@tallerruiz.es",
      sender_name: "Taller Ruiz",
      sync_days: 60,
      imap: null,
      smtp: null,
      open_browser: false,
    } satisfies EmailOAuthInput);
    expect(opened).toHaveBeenCalledWith("https://accounts.example/auth?state=1", "_blank", "noopener");
    expect(within(waiting).getByRole("heading").textContent).toBe("Finish signing in in your browser…");
    expect(waiting.textContent).toContain("Sign in as hola@tallerruiz.es");
    expect(within(waiting).getByRole("link", { name: "Open Google's page again" }).getAttribute("href")).toBe("https://accounts.example/auth?state=1");
    expect(document.activeElement).toBe(waiting);
    await waitFor(() => expect(calls.find((c) => c.cmd === "finish_email_oauth")?.input).toEqual({ flow_id: "flow-1" }));

    finish.resolve(gmailBox);
    expect(await screen.findByTestId("email-account")).toBeTruthy();
    expect(screen.getByTestId("sub").textContent).toBe("9");
    expect(screen.getByTestId("email-connected").textContent).toContain("hola@tallerruiz.es is connected");
    expect(screen.getByTestId("email-sign-in").textContent).toBe("Google account");
  });

  it("in the desktop window: the core opens the system browser", async () => {
    const finish = later<EmailAccountDto>();
    const { user, calls } = renderForm({ finish_email_oauth: finishWith(finish.promise) }, { desktop: true });
    await user.click(screen.getByRole("radio", { name: /Outlook \/ Microsoft 365/ }));
    await fillIdentity(user);
    await user.click(screen.getByTestId("email-oauth-microsoft"));
    const waiting = await screen.findByTestId("email-oauth-waiting");
    expect((calls.find((c) => c.cmd === "start_email_oauth")?.input as EmailOAuthInput).open_browser).toBe(true);
    expect((calls.find((c) => c.cmd === "start_email_oauth")?.input as EmailOAuthInput).provider).toBe("microsoft");
    expect(opened).not.toHaveBeenCalled();
    expect(waiting.textContent).toContain("Bandeja opened Microsoft's sign-in page in your browser.");
    expect(within(waiting).getByRole("button", { name: "Copy the sign-in link" })).toBeTruthy();
  });

  it("Cancel goes back to the form as it was; a sign-in finished later doesn't take the page away", async () => {
    const finish = later<EmailAccountDto>();
    const { user } = renderForm({ finish_email_oauth: finishWith(finish.promise) });
    await fillIdentity(user);
    await user.click(screen.getByTestId("email-oauth-google"));
    await user.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("email-oauth-waiting")).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>("Email address").value).toBe("hola@tallerruiz.es");
    expect(document.activeElement).toBe(screen.getByTestId("email-oauth-google"));

    finish.resolve(gmailBox);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId("sub").textContent).toBe("connect");
    expect(screen.getByTestId("email-connect")).toBeTruthy();
  });

  it("Esc stops waiting too", async () => {
    const { user } = renderForm({ finish_email_oauth: finishWith(later<EmailAccountDto>().promise) });
    await fillIdentity(user);
    await user.click(screen.getByTestId("email-oauth-google"));
    await screen.findByTestId("email-oauth-waiting");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("email-oauth-waiting")).toBeNull();
    expect(screen.getByTestId("email-oauth-google")).toBeTruthy();
  });

  it("without a client id in this build: says so and opens the app password fields", async () => {
    const { user } = renderForm({ start_email_oauth: () => fail({ code: "oauth_unavailable", message: "no Google client id in this build" }) });
    await fillIdentity(user);
    await user.click(screen.getByTestId("email-oauth-google"));
    const error = await screen.findByTestId("email-oauth-error");
    expect(error.getAttribute("data-code")).toBe("oauth_unavailable");
    expect(error.textContent).toContain("This version of Bandeja can't sign in with Google");
    expect(error.textContent).toContain("no Google client id in this build");
    await user.click(within(error).getByRole("button", { name: "Use an app password instead" }));
    expect(screen.queryByTestId("email-oauth-error")).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText("Password"));
  });

  it("a sign-in that fails in the browser or at the servers is shown on the form", async () => {
    const { user } = renderForm({ finish_email_oauth: () => fail({ code: "email_refused", message: "IMAP: [AUTHENTICATIONFAILED] Invalid credentials" }) });
    await fillIdentity(user);
    await user.click(screen.getByTestId("email-oauth-google"));
    const error = await screen.findByTestId("email-oauth-error");
    expect(error.getAttribute("data-code")).toBe("email_refused");
    expect(error.textContent).toContain("Signed in, but the mail server refused the connection");
    expect(error.textContent).toContain("AUTHENTICATIONFAILED");
    expect(document.activeElement).toBe(screen.getByTestId("email-oauth-google"));
    // changing the form clears it
    await user.type(screen.getByLabelText("Sender name"), "!");
    expect(screen.queryByTestId("email-oauth-error")).toBeNull();
  });

  it("marks the field a bad_input names", async () => {
    const { user } = renderForm({ start_email_oauth: () => fail({ code: "bad_input", message: "enter the full email address" }) });
    await user.type(screen.getByLabelText("Email address"), "hola@tallerruiz");
    await user.type(screen.getByLabelText("Sender name"), "Taller Ruiz");
    await user.click(screen.getByTestId("email-oauth-google"));
    expect((await screen.findByTestId("email-oauth-error")).textContent).toContain("Check the address and the sender name");
    expect(screen.getByLabelText("Email address").getAttribute("aria-invalid")).toBe("true");
  });

  it("signs in on servers edited in the app password fields (a tenant's own host)", async () => {
    const { user, calls } = renderForm();
    await fillIdentity(user);
    await user.click(screen.getByTestId("email-use-password"));
    await user.clear(screen.getByLabelText("IMAP server"));
    await user.type(screen.getByLabelText("IMAP server"), "imap.tallerruiz.es");
    expect(screen.getByTestId("email-oauth").textContent).toContain("Reads mail from imap.tallerruiz.es");
    await user.click(screen.getByTestId("email-oauth-google"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "start_email_oauth")).toBe(true));
    const input = calls.find((c) => c.cmd === "start_email_oauth")?.input as EmailOAuthInput;
    expect(input.imap).toEqual({ host: "imap.tallerruiz.es", port: 993, security: "tls" });
    expect(input.smtp).toBeNull();
  });

  it("Enter in the form signs in while the app password fields are closed", async () => {
    const { user, calls } = renderForm({ finish_email_oauth: finishWith(later<EmailAccountDto>().promise) });
    await fillIdentity(user);
    await user.keyboard("{Enter}");
    await screen.findByTestId("email-oauth-waiting");
    expect(calls.filter((c) => c.cmd === "start_email_oauth")).toHaveLength(1);
  });

  it("waits for the demo to be left", async () => {
    const { user } = renderForm({}, { ws: workspace });
    await fillIdentity(user);
    expect(screen.getByTestId("email-oauth-google")).toHaveProperty("disabled", true);
  });

  it("speaks Spanish", async () => {
    const finish = later<EmailAccountDto>();
    const { user } = renderForm({ finish_email_oauth: finishWith(finish.promise) }, { language: "es" });
    await user.type(screen.getByLabelText("Dirección de correo"), "hola@tallerruiz.es");
    await user.type(screen.getByLabelText("Nombre del remitente"), "Taller Ruiz");
    await user.click(screen.getByRole("button", { name: "Iniciar sesión con Google" }));
    const waiting = await screen.findByTestId("email-oauth-waiting");
    expect(within(waiting).getByRole("heading").textContent).toBe("Termina de iniciar sesión en tu navegador…");
    expect(within(waiting).getByRole("button", { name: "Cancelar" })).toBeTruthy();
  });
});
