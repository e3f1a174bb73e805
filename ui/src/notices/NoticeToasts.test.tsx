import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { NOW, fakeBackend } from "../test/fixtures";
import { renderWithBackend } from "../test/render";

beforeEach(() => window.history.replaceState(null, "", "#/"));
afterEach(() => window.history.replaceState(null, "", "#/"));

describe("notices", () => {
  it("shows a toast for the member using the app only, which opens the conversation", async () => {
    const fake = fakeBackend();
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await screen.findByTestId("conversation-list");
    act(() => fake.emit({ type: "notice", member_id: 2, conversation_id: 1, kind: "mentioned", text: "Lucía Romero" }));
    expect(screen.queryByTestId("notice-toast")).toBeNull();
    act(() => fake.emit({ type: "notice", member_id: 1, conversation_id: 1, kind: "mentioned", text: "Diego Fernández" }));
    act(() => fake.emit({ type: "notice", member_id: 1, conversation_id: 1, kind: "sla_breached", text: "María José Pérez" }));
    const toasts = screen.getAllByTestId("notice-toast");
    expect(toasts.map((t) => t.textContent)).toEqual([
      expect.stringContaining("Diego Fernández mentioned you in a note"),
      expect.stringContaining("Response target missed with María José Pérez"),
    ]);
    await userEvent.setup().click(within(toasts[0] as HTMLElement).getByTestId("notice-open"));
    await waitFor(() => expect(window.location.hash).toBe("#/c/1"));
    expect(screen.getAllByTestId("notice-toast")).toHaveLength(1);
  });

  it("words an assignment in Spanish and can be dismissed", async () => {
    const fake = fakeBackend({ get_settings: () => ({ locale: "es" }) });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW, language: "es" });
    await screen.findByTestId("conversation-list");
    act(() => fake.emit({ type: "notice", member_id: 1, conversation_id: 1, kind: "assigned", text: "María José Pérez" }));
    const toast = screen.getByTestId("notice-toast");
    expect(toast.textContent).toContain("Te han asignado una conversación con María José Pérez");
    await userEvent.setup().click(within(toast).getByRole("button", { name: "Cerrar" }));
    expect(screen.queryByTestId("notice-toast")).toBeNull();
  });
});
