import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EmailAccountDto, WorkspaceDto } from "../../bindings";
import { fail } from "../../backend/types";
import { mailbox } from "../../test/emailFixtures";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { EmailSettings } from "./EmailSettings";

type Overrides = NonNullable<Parameters<typeof fakeBackend>[0]>;
type Finish = (input: { flow_id: string }) => EmailAccountDto;

const real: WorkspaceDto = { ...workspace, is_demo: false };
const REFUSED = "the server refused the login: [AUTHENTICATIONFAILED] Invalid credentials (Failure)";

const stoppedImap: EmailAccountDto = { ...mailbox, status: "error", status_reason: REFUSED, sync_state: "stopped" };
const stoppedGmail: EmailAccountDto = {
  ...mailbox,
  account_id: 9,
  kind: "email_gmail",
  address: "hola@tallerruiz.es",
  sender_name: "Taller Ruiz",
  imap: { host: "imap.gmail.com", port: 993, security: "tls" },
  smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
  username: "hola@tallerruiz.es",
  status: "error",
  status_reason: "sign in again: invalid_grant (Token has been expired or revoked.)",
  sync_state: "stopped",
};

function later<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

function Harness({ start }: { start: string }) {
  const [sub, setSub] = useState(start);
  return <EmailSettings workspace={real} sub={sub} onNavigate={setSub} />;
}

/**
 * Settings → Email with one mailbox that the backend keeps: `get_email_account`
 * and the list answer its current state, which a reconnect sets back to active.
 */
function renderStopped(account: EmailAccountDto, { sub = String(account.account_id), language = "en", overrides = {} }: { sub?: string; language?: string; overrides?: Overrides } = {}) {
  let current = account;
  const back = (): EmailAccountDto => {
    current = { ...current, status: "active", status_reason: null, sync_state: "connecting" };
    return current;
  };
  const fake = fakeBackend({
    get_email_account: () => current,
    list_email_accounts: () => ({ accounts: [current] }),
    reconnect_email_account: () => back(),
    start_email_oauth: () => ({ flow_id: "flow-7", url: "https://accounts.example/auth?state=7" }),
    finish_email_oauth: () => back(),
    ...overrides,
  });
  const view = renderWithBackend(<Harness start={sub} />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, back, user: userEvent.setup() };
}

let opened: ReturnType<typeof vi.fn>;
beforeEach(() => {
  opened = vi.fn(() => null);
  vi.stubGlobal("open", opened);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("Reconnect a stopped IMAP mailbox", () => {
  it("says why it stopped and takes the password again", async () => {
    const { user, calls } = renderStopped(stoppedImap);
    const notice = await screen.findByTestId("email-reconnect-notice");
    expect(notice.getAttribute("role")).toBe("alert");
    expect(within(notice).getByText("This mailbox stopped syncing")).toBeTruthy();
    expect(within(notice).getByTestId("email-status-reason").textContent).toBe(REFUSED);
    expect(screen.getByTestId("email-account-status").getAttribute("data-status")).toBe("error");

    const reconnect = within(notice).getByTestId("email-reconnect");
    expect(reconnect.textContent).toBe("Reconnect");
    await user.click(reconnect);
    const dialog = screen.getByTestId("email-reconnect-dialog");
    expect(within(dialog).getByRole("heading", { name: "Reconnect soporte@example.com" })).toBeTruthy();
    expect(dialog.textContent).toContain("imap.example.com and smtp.example.com");
    const password = within(dialog).getByLabelText("Password");
    expect(password.id).toBe("email-reconnect-password");
    expect(document.activeElement).toBe(password);
    const submit = within(dialog).getByTestId("email-reconnect-submit");
    expect(submit.textContent).toBe("Reconnect");
    expect(submit).toHaveProperty("disabled", true);

    await user.type(password, "n3w pass");
    await user.click(submit);
    await waitFor(() => expect(calls.find((c) => c.cmd === "reconnect_email_account")?.input).toEqual({ account_id: 2, password: "n3w pass" }));

    // active again: the dialog and the notice go, the page says so
    await waitFor(() => expect(screen.queryByTestId("email-reconnect-notice")).toBeNull());
    expect(screen.queryByTestId("email-reconnect-dialog")).toBeNull();
    expect(screen.getByTestId("email-reconnected").textContent).toContain("soporte@example.com is connected again");
    expect(screen.getByTestId("email-account-status").getAttribute("data-status")).toBe("active");
  });

  it("shows the server's refusal in the dialog, and clears it when the password changes", async () => {
    const { user } = renderStopped(stoppedImap, {
      overrides: { reconnect_email_account: () => fail({ code: "email_refused", message: "IMAP: [AUTHENTICATIONFAILED] Invalid credentials (Failure)" }) },
    });
    await user.click(await screen.findByTestId("email-reconnect"));
    const dialog = screen.getByTestId("email-reconnect-dialog");
    await user.type(within(dialog).getByLabelText("Password"), "wrong");
    await user.click(within(dialog).getByTestId("email-reconnect-submit"));

    const error = await within(dialog).findByTestId("email-reconnect-error");
    expect(error.getAttribute("data-code")).toBe("email_refused");
    expect(error.textContent).toContain("The servers refused the connection");
    expect(error.textContent).toContain("IMAP: [AUTHENTICATIONFAILED] Invalid credentials (Failure)");
    expect(within(dialog).getByLabelText("Password").getAttribute("aria-invalid")).toBe("true");
    // still stopped
    expect(screen.getByTestId("email-reconnect-notice")).toBeTruthy();

    await user.type(within(dialog).getByLabelText("Password"), "!");
    expect(within(dialog).queryByTestId("email-reconnect-error")).toBeNull();

    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("email-reconnect-dialog")).toBeNull();
  });

  it("words other refusals with their code", async () => {
    const { user } = renderStopped(stoppedImap, {
      overrides: { reconnect_email_account: () => fail({ code: "bad_input", message: "this mailbox signs in with its provider: sign in again" }) },
    });
    await user.click(await screen.findByTestId("email-reconnect"));
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByTestId("email-reconnect-submit"));
    const error = await screen.findByTestId("email-reconnect-error");
    expect(error.getAttribute("data-code")).toBe("bad_input");
    expect(error.textContent).toContain("this mailbox signs in with its provider");
  });

  it("speaks Spanish", async () => {
    const { user } = renderStopped(stoppedImap, { language: "es" });
    const notice = await screen.findByTestId("email-reconnect-notice");
    expect(notice.textContent).toContain("Este buzón ha dejado de sincronizarse");
    await user.click(within(notice).getByRole("button", { name: "Reconectar" }));
    expect(screen.getByLabelText("Contraseña").id).toBe("email-reconnect-password");
    expect(screen.getByTestId("email-reconnect-submit").textContent).toBe("Reconectar");
  });
});

describe("Sign in again (Gmail, Microsoft 365)", () => {
  it("starts the sign-in with the mailbox's own values, waits, and the mailbox comes back", async () => {
    const finish = later<EmailAccountDto>();
    const { user, calls, back } = renderStopped(stoppedGmail, {
      overrides: { finish_email_oauth: (() => finish.promise) as unknown as Finish },
    });
    const notice = await screen.findByTestId("email-reconnect-notice");
    expect(within(notice).getByTestId("email-status-reason").textContent).toContain("invalid_grant");
    expect(notice.textContent).toContain("Google no longer accepts Bandeja's access to hola@tallerruiz.es");
    const button = within(notice).getByTestId("email-reconnect");
    expect(button.textContent).toBe("Sign in again");
    expect(button.getAttribute("data-provider")).toBe("google");

    await user.click(button);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "start_email_oauth")?.input).toEqual({
        provider: "google",
        address: "hola@tallerruiz.es",
        sender_name: "Taller Ruiz",
        sync_days: null,
        imap: { host: "imap.gmail.com", port: 993, security: "tls" },
        smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
        open_browser: false,
      }),
    );
    // the add-mailbox form's waiting panel, in a dialog
    const waiting = await screen.findByTestId("email-oauth-waiting");
    expect(within(screen.getByTestId("email-reconnect-dialog")).getByTestId("email-oauth-waiting")).toBe(waiting);
    expect(waiting.textContent).toContain("Sign in as hola@tallerruiz.es");
    expect(opened).toHaveBeenCalledWith("https://accounts.example/auth?state=7", "_blank", "noopener");
    await waitFor(() => expect(calls.find((c) => c.cmd === "finish_email_oauth")?.input).toEqual({ flow_id: "flow-7" }));

    finish.resolve(back());
    await waitFor(() => expect(screen.queryByTestId("email-reconnect-notice")).toBeNull());
    expect(screen.queryByTestId("email-reconnect-dialog")).toBeNull();
    expect(screen.getByTestId("email-reconnected")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "reconnect_email_account")).toBe(false);
  });

  it("a Microsoft 365 mailbox signs in with Microsoft, on its tenant's servers", async () => {
    const tenant: EmailAccountDto = {
      ...stoppedGmail,
      kind: "email_microsoft",
      address: "info@contoso.example",
      imap: { host: "mail.contoso.example", port: 993, security: "tls" },
      smtp: { host: "smtp.contoso.example", port: 587, security: "start_tls" },
    };
    const { user, calls } = renderStopped(tenant);
    const button = await screen.findByTestId("email-reconnect");
    expect(button.getAttribute("data-provider")).toBe("microsoft");
    await user.click(button);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "start_email_oauth")?.input).toMatchObject({
        provider: "microsoft",
        address: "info@contoso.example",
        imap: tenant.imap,
        smtp: tenant.smtp,
      }),
    );
  });

  it("shows a refused sign-in in the dialog; Close leaves the mailbox stopped", async () => {
    const { user } = renderStopped(stoppedGmail, {
      overrides: { finish_email_oauth: () => fail({ code: "oauth_failed", message: "access_denied: the user declined the permissions" }) },
    });
    await user.click(await screen.findByTestId("email-reconnect"));
    const error = await screen.findByTestId("email-oauth-error");
    expect(error.getAttribute("data-code")).toBe("oauth_failed");
    expect(error.textContent).toContain("The sign-in with Google didn't finish");
    expect(error.textContent).toContain("access_denied");
    const dialog = screen.getByTestId("email-reconnect-dialog");
    expect(within(dialog).getByTestId("email-reconnect-retry")).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("email-reconnect-dialog")).toBeNull();
    expect(screen.getByTestId("email-reconnect-notice")).toBeTruthy();
  });
});

describe("The mailbox list", () => {
  it("shows a stopped mailbox's status, reason and Reconnect without opening it", async () => {
    const { user, calls } = renderStopped(stoppedImap, { sub: "" });
    const item = await screen.findByTestId("email-account-item");
    expect(item.getAttribute("data-status")).toBe("error");
    expect(within(item).getByTestId("email-account-status").textContent).toBe("Needs attention");
    const reason = within(item).getByTestId("email-account-reason");
    expect(reason.textContent).toBe(REFUSED);
    expect(reason.getAttribute("title")).toBe(REFUSED);
    expect(within(item).queryByTestId("email-sync-state")).toBeNull();

    await user.click(within(item).getByTestId("email-reconnect"));
    await user.type(screen.getByLabelText("Password"), "n3w");
    await user.click(screen.getByTestId("email-reconnect-submit"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "reconnect_email_account")?.input).toEqual({ account_id: 2, password: "n3w" }));
    await waitFor(() => expect(within(screen.getByTestId("email-account-item")).queryByTestId("email-reconnect")).toBeNull());
    expect(screen.getByTestId("email-account-item").getAttribute("data-status")).toBe("active");
  });

  it("offers Sign in again for a Gmail mailbox", async () => {
    const { user, calls } = renderStopped(stoppedGmail, { sub: "" });
    const item = await screen.findByTestId("email-account-item");
    await user.click(within(item).getByRole("button", { name: "Sign in again" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "start_email_oauth")?.input).toMatchObject({ provider: "google", address: "hola@tallerruiz.es" }));
    await waitFor(() => expect(screen.getByTestId("email-account-item").getAttribute("data-status")).toBe("active"));
  });

  it("has no Reconnect for an active mailbox", async () => {
    renderStopped(mailbox, { sub: "" });
    const item = await screen.findByTestId("email-account-item");
    expect(within(item).queryByTestId("email-reconnect")).toBeNull();
    expect(within(item).getByTestId("email-sync-state")).toBeTruthy();
  });
});
