import { useState } from "react";
import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EmailAccountInput, EmailProbeDto, WorkspaceDto } from "../../bindings";
import { fail } from "../../backend/types";
import { mailbox } from "../../test/emailFixtures";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { EmailSettings } from "./EmailSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

const real: WorkspaceDto = { ...workspace, is_demo: false };

function Harness({ ws, start }: { ws: WorkspaceDto; start: string }) {
  const [sub, setSub] = useState(start);
  return <EmailSettings workspace={ws} sub={sub} onNavigate={setSub} />;
}

function renderForm(overrides: Overrides = {}, { ws = real, language = "en" }: { ws?: WorkspaceDto; language?: string } = {}) {
  const fake = fakeBackend({ get_email_account: () => mailbox, list_email_accounts: () => ({ accounts: [mailbox] }), ...overrides });
  const view = renderWithBackend(<Harness ws={ws} start="connect" />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

const value = (label: string) => screen.getByLabelText<HTMLInputElement | HTMLSelectElement>(label).value;

/** Gmail and Microsoft sign in first; their app password fields open on demand. */
async function openPassword(user: ReturnType<typeof userEvent.setup>) {
  const toggle = screen.getByRole("button", { name: "Use an app password instead" });
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  await user.click(toggle);
}

async function fillMinimum(user: ReturnType<typeof userEvent.setup>) {
  if (screen.queryByLabelText("Password") === null) await openPassword(user);
  await user.type(screen.getByLabelText("Email address"), "  hola@tallerruiz.es ");
  await user.type(screen.getByLabelText("Sender name"), "Taller Ruiz");
  await user.type(screen.getByLabelText("Password"), "app-pass-1234");
}

describe("Add a mailbox", () => {
  it("starts on Gmail's servers; each provider fills in its own", async () => {
    const { user } = renderForm();
    expect(screen.getByRole("radio", { name: /Gmail/ })).toHaveProperty("checked", true);
    await openPassword(user);
    expect([value("IMAP server"), value("IMAP port"), value("IMAP security")]).toEqual(["imap.gmail.com", "993", "tls"]);
    expect([value("SMTP server"), value("SMTP port"), value("SMTP security")]).toEqual(["smtp.gmail.com", "465", "tls"]);

    await user.click(screen.getByRole("radio", { name: /Outlook \/ Microsoft 365/ }));
    expect([value("IMAP server"), value("IMAP port"), value("IMAP security")]).toEqual(["outlook.office365.com", "993", "tls"]);
    expect([value("SMTP server"), value("SMTP port"), value("SMTP security")]).toEqual(["smtp.office365.com", "587", "start_tls"]);
    expect(screen.getByText(/create an app password/)).toBeTruthy();

    await user.click(screen.getByRole("radio", { name: /Other \(IMAP\)/ }));
    expect([value("IMAP server"), value("IMAP port"), value("IMAP security")]).toEqual(["", "993", "tls"]);
    expect([value("SMTP server"), value("SMTP port"), value("SMTP security")]).toEqual(["", "587", "start_tls"]);
  });

  it("uses the address as user name until the user name is edited, and hides the password", async () => {
    const { user } = renderForm();
    await openPassword(user);
    expect(screen.getByLabelText("Password")).toHaveProperty("type", "password");
    await user.type(screen.getByLabelText("Email address"), "ana@x.es");
    expect(value("User name")).toBe("ana@x.es");
    await user.clear(screen.getByLabelText("User name"));
    await user.type(screen.getByLabelText("User name"), "ana");
    await user.type(screen.getByLabelText("Email address"), "x");
    expect(value("User name")).toBe("ana");
  });

  it("offers an unencrypted connection only to this computer", async () => {
    const { user } = renderForm();
    await openPassword(user);
    const options = (label: string) => [...screen.getByLabelText<HTMLSelectElement>(label).options].map((o) => o.value);
    expect(options("IMAP security")).toEqual(["tls", "start_tls"]);
    await user.clear(screen.getByLabelText("IMAP server"));
    await user.type(screen.getByLabelText("IMAP server"), "127.0.0.1");
    expect(options("IMAP security")).toEqual(["tls", "start_tls", "none"]);
    expect(options("SMTP security")).toEqual(["tls", "start_tls"]);
    // a new security suggests its usual port
    await user.selectOptions(screen.getByLabelText("IMAP security"), "none");
    expect(value("IMAP port")).toBe("143");
  });

  it("keeps Test and Connect disabled until the form is complete, and says why a field is wrong", async () => {
    const { user } = renderForm();
    await openPassword(user);
    const test = screen.getByRole("button", { name: "Test connection" });
    expect(test).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: "Connect" })).toHaveProperty("disabled", true);
    await user.type(screen.getByLabelText("Email address"), "not-an-address");
    await user.tab();
    expect(screen.getByText("Enter the full email address (name@domain).")).toBeTruthy();
    await user.clear(screen.getByLabelText("Email address"));
    await fillMinimum(user);
    expect(test).toHaveProperty("disabled", false);
    expect(screen.getByRole("button", { name: "Connect" })).toHaveProperty("disabled", false);
  });

  it("Test connection sends the settings and shows each server's result with the step in words and the server's own", async () => {
    const probe: EmailProbeDto = {
      ok: false,
      imap: { ok: false, failed_step: "auth", message: "[AUTHENTICATIONFAILED] Invalid credentials (Failure)" },
      smtp: { ok: false, failed_step: "tls", message: "invalid peer certificate: UnknownIssuer" },
    };
    const { user, calls } = renderForm({ test_email_account: () => probe });
    await fillMinimum(user);
    await user.click(screen.getByRole("button", { name: "Test connection" }));
    const result = await screen.findByTestId("email-probe");
    const input = calls.find((c) => c.cmd === "test_email_account")?.input as EmailAccountInput;
    expect(input).toEqual({
      address: "hola@tallerruiz.es",
      sender_name: "Taller Ruiz",
      imap: { host: "imap.gmail.com", port: 993, security: "tls" },
      smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
      username: "hola@tallerruiz.es",
      password: "app-pass-1234",
      sync_days: 30,
    });
    const imap = within(result).getByTestId("email-probe-imap");
    expect(imap.getAttribute("data-step")).toBe("auth");
    expect(imap.textContent).toContain("User name or password refused.");
    expect(imap.textContent).toContain("[AUTHENTICATIONFAILED] Invalid credentials (Failure)");
    const smtp = within(result).getByTestId("email-probe-smtp");
    expect(smtp.textContent).toContain("the server's certificate is not trusted");
    expect(smtp.textContent).toContain("invalid peer certificate: UnknownIssuer");
    expect(within(result).getByTestId("email-probe-hint").textContent).toContain("app password");
  });

  it("says both servers accepted the connection", async () => {
    const { user } = renderForm();
    await fillMinimum(user);
    await user.click(screen.getByRole("button", { name: "Test connection" }));
    const result = await screen.findByTestId("email-probe");
    expect(result.getAttribute("data-ok")).toBe("true");
    expect(result.textContent).toContain("Signed in: Bandeja can read the mail.");
    expect(result.textContent).toContain("Signed in: Bandeja can send the answers.");
  });

  it("Connect saves the mailbox and opens its page", async () => {
    const { user, calls } = renderForm({ connect_email_account: () => ({ ...mailbox, sync_state: "syncing", messages: 12 }) });
    await fillMinimum(user);
    await user.clear(screen.getByLabelText("First sync"));
    await user.type(screen.getByLabelText("First sync"), "90");
    await user.click(screen.getByRole("button", { name: "Connect" }));
    expect(await screen.findByTestId("email-account")).toBeTruthy();
    expect((calls.find((c) => c.cmd === "connect_email_account")?.input as EmailAccountInput).sync_days).toBe(90);
    expect(screen.getByTestId("email-connected").textContent).toContain("soporte@example.com is connected");
  });

  it("shows why the core refused to connect", async () => {
    const { user } = renderForm({
      connect_email_account: () => fail({ code: "email_duplicate", message: "hola@tallerruiz.es is already connected in this workspace" }),
    });
    await fillMinimum(user);
    await user.click(screen.getByRole("button", { name: "Connect" }));
    const error = await screen.findByTestId("email-connect-error");
    expect(error.textContent).toContain("This mailbox is already connected");
    expect(error.textContent).toContain("already connected in this workspace");
  });

  it("marks the field a bad_input names", async () => {
    const { user } = renderForm({ connect_email_account: () => fail({ code: "bad_input", message: "SMTP: enter the server's port" }) });
    await fillMinimum(user);
    await user.click(screen.getByRole("button", { name: "Connect" }));
    await screen.findByTestId("email-connect-error");
    await waitFor(() => expect(screen.getByLabelText("SMTP port").getAttribute("aria-invalid")).toBe("true"));
  });

  it("can be tested but not connected in the demo", async () => {
    const { user } = renderForm({}, { ws: workspace });
    expect(screen.getByTestId("email-connect-demo")).toBeTruthy();
    await fillMinimum(user);
    expect(screen.getByRole("button", { name: "Test connection" })).toHaveProperty("disabled", false);
    expect(screen.getByRole("button", { name: "Connect" })).toHaveProperty("disabled", true);
  });

  it("speaks Spanish", async () => {
    const { user } = renderForm({}, { language: "es" });
    expect(screen.getByRole("heading", { name: "Añadir un buzón" })).toBeTruthy();
    expect(screen.getByLabelText("Dirección de correo")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Iniciar sesión con Google" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Usar una contraseña de aplicación en su lugar" }));
    expect(screen.getByLabelText("Servidor IMAP")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Probar la conexión" })).toBeTruthy();
  });
});

describe("Email settings", () => {
  it("lists the mailboxes with their sync state and opens one", async () => {
    const fake = fakeBackend({ list_email_accounts: () => ({ accounts: [mailbox] }), get_email_account: () => mailbox });
    const user = userEvent.setup();
    renderWithBackend(<Harness ws={real} start="" />, { backend: fake.backend, now: NOW });
    const item = await screen.findByTestId("email-account-item");
    expect(item.textContent).toContain("soporte@example.com");
    expect(item.textContent).toContain("128 messages");
    expect(within(item).getByTestId("email-sync-state").textContent).toBe("Up to date");
    await user.click(within(item).getByRole("button", { name: "Manage" }));
    const page = await screen.findByTestId("email-account");
    expect(within(page).getByTestId("email-message-count").textContent).toBe("128");
    expect(page.textContent).toContain("imap.example.com:993");
    expect(page.textContent).toContain("STARTTLS");
  });
});
