import { render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { BackendProvider } from "../backend/context";
import { fakeBackend, workspace } from "../test/fixtures";
import { CoreNow } from "./CoreNow";
import { useNow } from "./now";

function Shown() {
  return <span data-testid="now">{useNow().getTime()}</span>;
}

function renderAt(coreNow: Date) {
  const { backend } = fakeBackend({ get_workspace: () => ({ ...workspace, now: coreNow.toISOString() }) });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <BackendProvider backend={backend}>
        <CoreNow>
          <Shown />
        </CoreNow>
      </BackendProvider>
    </QueryClientProvider>,
  );
}

describe("CoreNow", () => {
  it("follows the core's clock when it is ahead (a day later, the window has closed)", async () => {
    const dayMs = 25 * 3600 * 1000;
    renderAt(new Date(Date.now() + dayMs));
    await waitFor(() => expect(Number(screen.getByTestId("now").textContent) - Date.now()).toBeGreaterThan(dayMs - 5_000));
  });

  it("ignores the small difference of a round trip", async () => {
    renderAt(new Date(Date.now() + 300));
    await waitFor(() => expect(Math.abs(Number(screen.getByTestId("now").textContent) - Date.now())).toBeLessThan(1_000));
  });
});
