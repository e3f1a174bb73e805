import { afterEach, describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../App";
import type { RelayDto } from "../../bindings";
import { NOW, fakeBackend, noRelay, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";

afterEach(() => {
  window.history.replaceState(null, "", "#/");
});

const connected: RelayDto = {
  ...noRelay,
  state: "connected",
  url: "https://relay.example",
  device_id: "dev_9",
  last_event_at: "2026-11-20T09:30:00Z",
  last_acked_seq: 41,
  backlog: 3,
  rejected: 2,
  meta_callback_url: "https://relay.example/hooks/meta/abc",
  meta_verify_token: "relay-verify",
};

function open(overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const fake = fakeBackend({ get_workspace: () => ({ ...workspace, is_demo: false }), ...overrides });
  window.history.replaceState(null, "", "#/settings/relay");
  renderWithBackend(<App />, { backend: fake.backend, now: NOW });
  return fake;
}

describe("Settings → Relay", () => {
  it("enrolls this computer with the URL and code, trimmed", async () => {
    let relay: RelayDto = noRelay;
    const fake = open({
      get_relay: () => relay,
      enroll_relay: (input) => {
        relay = { ...connected, url: input.url };
        return relay;
      },
    });
    const user = userEvent.setup();
    const submit = await screen.findByTestId<HTMLButtonElement>("relay-enroll-submit");
    expect(submit.disabled).toBe(true);
    await user.type(screen.getByLabelText("Relay address"), " https://relay.example ");
    await user.type(screen.getByLabelText("Enrollment code"), "ABCD-1234{Enter}");
    await screen.findByTestId("relay-state");
    expect(fake.calls.find((c) => c.cmd === "enroll_relay")?.input).toEqual({
      url: "https://relay.example",
      code: "ABCD-1234",
      device_name: null,
    });
    expect(screen.getByTestId("relay-state").dataset.state).toBe("connected");
    expect(screen.getByTestId("relay-backlog").textContent).toBe("3 webhooks");
    expect(screen.getByTestId("relay-rejected").textContent).toContain("2 webhooks");
  });

  it("says why a code was refused and keeps what was typed", async () => {
    open({
      enroll_relay: () => {
        // the backend contract rejects with plain ApiError objects, like Tauri does
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { code: "relay_bad_code", message: "the enrollment code is unknown, used or expired" };
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Relay address"), "https://relay.example");
    await user.type(screen.getByLabelText("Enrollment code"), "USED");
    await user.click(screen.getByTestId("relay-enroll-submit"));
    const error = await screen.findByTestId("relay-enroll-error");
    expect(error.dataset.code).toBe("relay_bad_code");
    expect(error.textContent).toContain("The enrollment code is not valid");
    expect(screen.getByLabelText<HTMLInputElement>("Enrollment code").value).toBe("USED");
  });

  it("tells a revoked computer what to do and stops using the relay after confirming", async () => {
    let relay: RelayDto = { ...connected, state: "revoked", last_error: "this device was revoked" };
    const fake = open({
      get_relay: () => relay,
      forget_relay: () => {
        relay = noRelay;
        return relay;
      },
    });
    const user = userEvent.setup();
    await screen.findByText(/revoked this computer/);
    expect(screen.getByTestId("relay-last-error").textContent).toContain("revoked");
    expect(screen.getByTestId<HTMLButtonElement>("relay-reconnect").disabled).toBe(true);
    await user.click(screen.getByTestId("relay-forget"));
    const dialog = await screen.findByTestId("relay-forget-dialog");
    await user.click(within(dialog).getByTestId("relay-forget-confirm"));
    await screen.findByTestId("relay-enroll");
    await waitFor(() => expect(fake.calls.some((c) => c.cmd === "forget_relay")).toBe(true));
  });

  it("says when webhooks come by long-polling because WebSockets are blocked", async () => {
    open({ get_relay: () => ({ ...connected, long_polling: true }) });
    const note = await screen.findByTestId("relay-long-polling");
    expect(note.textContent).toContain("blocks WebSockets");
  });

  it("shows the relay on a WhatsApp number's connection page", async () => {
    const fake = fakeBackend({ get_workspace: () => ({ ...workspace, is_demo: false }), get_relay: () => connected });
    window.history.replaceState(null, "", "#/settings/whatsapp/1/connection");
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    const card = await screen.findByTestId("wa-via-relay");
    expect(within(card).getByTestId("relay-url").textContent).toBe("https://relay.example");
    expect(within(card).getByTestId("relay-state").dataset.state).toBe("connected");
    // what Meta must be told is the relay's callback, not this computer's receiver
    expect(screen.getByTestId<HTMLInputElement>("wa-callback-url").value).toBe("https://relay.example/hooks/meta/abc");
    expect(screen.getByTestId<HTMLInputElement>("wa-verify-token").value).toBe("relay-verify");
    expect(screen.queryByTestId("wa-no-callback")).toBeNull();
  });
});
