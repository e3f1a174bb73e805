import { useState } from "react";
import { describe, expect, it } from "vitest";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConnectionDto, WorkspaceDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { WhatsappSettings } from "./WhatsappSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

const real: WorkspaceDto = { ...workspace, is_demo: false };

const CONNECTION: ConnectionDto = {
  account_id: 1,
  app_id: "1234567890",
  waba_id: "102290129340398",
  phone_number_id: "106540352242922",
  verify_token: "vt-3f9a2c",
  callback_url: "http://127.0.0.1:8787/webhooks/whatsapp",
  connected_here: true,
  secrets_backend: "the system keychain", last_event_at: null,
};

const VALUES = {
  "App ID": "1234567890",
  "App secret": "s3cr3t-app",
  "WhatsApp Business Account ID": "102290129340398",
  "Phone number ID": "106540352242922",
  "Access token": "EAAG-token",
};

/** The WhatsApp area with a working router, starting on the connect form. */
function Harness({ ws }: { ws: WorkspaceDto }) {
  const [sub, setSub] = useState("connect");
  return <WhatsappSettings workspace={ws} sub={sub} onNavigate={setSub} />;
}

function renderConnect(overrides: Overrides = {}, ws: WorkspaceDto = real) {
  const fake = fakeBackend({
    test_whatsapp: () => ({
      id: "106540352242922",
      display_phone_number: "+34 611 222 333",
      verified_name: "Tienda Centro",
      quality_rating: "GREEN",
      messaging_limit_tier: "TIER_1K",
      code_verification_status: "VERIFIED",
      name_status: "APPROVED",
      status: "CONNECTED",
    }),
    connect_whatsapp: () => CONNECTION,
    get_connection: () => CONNECTION,
    ...overrides,
  });
  const view = renderWithBackend(<Harness ws={ws} />, { backend: fake.backend, now: NOW });
  return { ...view, ...fake, user: userEvent.setup() };
}

async function fill(user: ReturnType<typeof userEvent.setup>) {
  for (const [label, value] of Object.entries(VALUES)) {
    await user.type(screen.getByLabelText(label), value);
  }
}

describe("Connect a WhatsApp number", () => {
  it("labels the five fields, hides the secrets and enables Test and Connect once all are filled", async () => {
    const { user } = renderConnect();
    const test = screen.getByTestId<HTMLButtonElement>("wa-test");
    const connect = screen.getByTestId<HTMLButtonElement>("wa-connect-submit");
    expect(test.disabled).toBe(true);
    expect(connect.disabled).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>("App secret").type).toBe("password");
    expect(screen.getByLabelText<HTMLInputElement>("Access token").type).toBe("password");
    expect(screen.getByLabelText("App ID").getAttribute("aria-describedby")).toContain("help");

    await fill(user);
    expect(test.disabled).toBe(false);
    expect(connect.disabled).toBe(false);

    // show/hide the token
    const toggles = screen.getAllByRole("button", { name: "Show" });
    await user.click(toggles[1] as HTMLElement);
    expect(screen.getByLabelText<HTMLInputElement>("Access token").type).toBe("text");
  });

  it("flags an id that isn't only digits", async () => {
    const { user } = renderConnect();
    await user.type(screen.getByLabelText("Phone number ID"), "10654 abc");
    expect(screen.getByTestId("problems-wa-connect-phone_number_id").textContent).toContain("Only digits");
  });

  it("Test calls test_whatsapp and shows the verified name, number, quality and tier", async () => {
    const { user, calls } = renderConnect();
    await fill(user);
    await user.click(screen.getByTestId("wa-test"));
    const result = await screen.findByTestId("wa-test-result");
    expect(calls.find((c) => c.cmd === "test_whatsapp")?.input).toEqual({
      app_id: "1234567890",
      app_secret: "s3cr3t-app",
      waba_id: "102290129340398",
      phone_number_id: "106540352242922",
      access_token: "EAAG-token",
    });
    expect(result.textContent).toContain("Tienda Centro");
    expect(result.textContent).toContain("+34 611 222 333");
    expect(within(result).getByTestId("quality-pill").textContent).toBe("High");
    expect(within(result).getByTestId("quality-pill").dataset.tone).toBe("green");
    expect(result.textContent).toContain("1\u00a0000 conversations/24 h");
    expect(calls.some((c) => c.cmd === "connect_whatsapp")).toBe(false);
  });

  it("shows the core's error when the test fails", async () => {
    const { user } = renderConnect({
      test_whatsapp: () => fail({ code: "reconnect_needed", message: "Error validating access token: Session has expired" }),
    });
    await fill(user);
    await user.click(screen.getByTestId("wa-test"));
    const error = await screen.findByTestId("wa-test-error");
    expect(error.textContent).toContain("Meta no longer accepts this number's access token");
    expect(error.textContent).toContain("Session has expired");
  });

  it("Connect calls connect_whatsapp and then shows the connection page with the webhook values", async () => {
    const { user, calls } = renderConnect();
    await fill(user);
    await user.click(screen.getByTestId("wa-connect-submit"));
    await screen.findByTestId("wa-connection");
    expect(calls.filter((c) => c.cmd === "connect_whatsapp")).toHaveLength(1);
    expect((calls.find((c) => c.cmd === "connect_whatsapp")?.input as { access_token: string }).access_token).toBe("EAAG-token");
    expect(screen.getByTestId("wa-connected").textContent).toContain("Tienda Centro is connected.");
    expect(screen.getByTestId<HTMLInputElement>("wa-callback-url").value).toBe("http://127.0.0.1:8787/webhooks/whatsapp");
    expect(screen.getByTestId<HTMLInputElement>("wa-verify-token").value).toBe("vt-3f9a2c");
    expect(screen.getByRole("button", { name: "Copy Verify token" })).toBeTruthy();
    expect(screen.getByTestId("wa-secrets-backend").textContent).toContain("the system keychain");
  });

  it("explains that there is no callback URL while the receiver isn't running", async () => {
    const noUrl = { ...CONNECTION, callback_url: null };
    const { user } = renderConnect({ connect_whatsapp: () => noUrl, get_connection: () => noUrl });
    await fill(user);
    await user.click(screen.getByTestId("wa-connect-submit"));
    expect((await screen.findByTestId("wa-no-callback")).textContent).toContain("relay");
    expect(screen.getByTestId<HTMLInputElement>("wa-verify-token").value).toBe("vt-3f9a2c");
  });

  it("says whether Meta's webhooks have arrived yet (the webhook test)", async () => {
    const { user } = renderConnect();
    await fill(user);
    await user.click(screen.getByTestId("wa-connect-submit"));
    expect((await screen.findByTestId("wa-no-event")).textContent).toContain("send a WhatsApp message to this number");
    cleanup();
    const seen = { ...CONNECTION, last_event_at: "2026-03-11T15:20:00.000Z" };
    const again = renderConnect({ connect_whatsapp: () => seen, get_connection: () => seen });
    await fill(again.user);
    await again.user.click(screen.getByTestId("wa-connect-submit"));
    expect((await screen.findByTestId("wa-last-event")).textContent).toContain("Meta's webhooks arrive here");
  });

  it("in the demo, explains that the demo must be left first and leaves it", async () => {
    const { user, calls } = renderConnect({}, workspace);
    expect(screen.getByTestId("wa-connect-demo").textContent).toContain("Leave the demo first");
    expect(screen.getByLabelText("App ID").matches(":disabled")).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>("wa-connect-submit").disabled).toBe(true);
    await user.click(screen.getByTestId("wa-leave-demo"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "close_demo_workspace")).toBe(true));
  });
});
