import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { WorkspaceDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, fakeBackend, usage, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { UsageCard } from "./UsageCard";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderUsage(overrides: Overrides = {}, ws: WorkspaceDto = workspace, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<UsageCard workspace={ws} />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

describe("plan usage", () => {
  it("shows the month's conversations against the plan and each number against its tier", async () => {
    renderUsage();
    expect((await screen.findByTestId("usage-figure")).textContent).toBe("420 of 500");
    const meter = screen.getByRole("meter", { name: "Conversations this month: 420 of 500" });
    expect(meter.getAttribute("aria-valuenow")).toBe("420");
    expect(meter.className).toContain("near");
    expect(screen.getByText("84% used")).toBeTruthy();
    expect(screen.getByText(/Close to the plan's limit/)).toBeTruthy();
    expect(screen.getByTestId("usage-number").textContent).toContain("Tienda Centro180 of 250");
  });

  it("lets an owner set the limit, refusing what is not a whole number of 1 or more", async () => {
    const { user, calls } = renderUsage();
    const input = await screen.findByTestId<HTMLInputElement>("plan-limit");
    expect(input.value).toBe("500");
    await user.clear(input);
    await user.type(input, "0");
    expect(screen.getByText("Write a whole number of 1 or more, or leave it empty.")).toBeTruthy();
    expect(screen.getByTestId<HTMLButtonElement>("plan-limit-save").disabled).toBe(true);
    await user.clear(input);
    await user.type(input, "1000");
    await user.click(screen.getByTestId("plan-limit-save"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "set_plan_limit")?.input).toEqual({ limit: 1000 }));
    expect(await screen.findByTestId("plan-limit-saved")).toBeTruthy();
    await user.clear(input);
    await user.click(screen.getByTestId("plan-limit-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "set_plan_limit").at(-1)?.input).toEqual({ limit: null }));
  });

  it("shows the core's refusal", async () => {
    const { user } = renderUsage({ set_plan_limit: () => fail({ code: "forbidden", message: "only owners and admins may set the plan's limit" }) });
    const input = await screen.findByTestId("plan-limit");
    await user.clear(input);
    await user.type(input, "10");
    await user.click(screen.getByTestId("plan-limit-save"));
    expect((await screen.findByTestId("plan-limit-error")).textContent).toContain("only owners and admins may set the plan's limit");
  });

  it("is read-only for an agent and has no meter without a limit, in Spanish", async () => {
    const agent = { ...workspace, me: { ...workspace.me, role: "agent" as const } };
    renderUsage({ get_usage: () => ({ ...usage, plan_limit: null }) }, agent, "es");
    expect((await screen.findByTestId("usage-figure")).textContent).toBe("420 · sin límite");
    expect(screen.queryByRole("meter", { name: /Conversaciones este mes/ })).toBeNull();
    expect(screen.queryByTestId("plan-limit")).toBeNull();
    expect(screen.getByText("Solo los propietarios y administradores pueden cambiar el límite del plan.")).toBeTruthy();
  });
});
