import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { I18nextProvider } from "react-i18next";
import { App } from "./App";
import { BackendProvider } from "./backend/context";
import { createBackend } from "./backend/select";
import { CoreNow } from "./components/CoreNow";
import { createI18n } from "./i18n";
import "./styles/app.css";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Freshness comes from the core's change events, not from polling.
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        retry: 1,
      },
    },
  });
}

async function start(): Promise<void> {
  const root = document.getElementById("root");
  if (root === null) throw new Error("#root missing");
  const i18n = createI18n(navigator.language);
  document.documentElement.lang = i18n.language;
  const backend = await createBackend();
  const queryClient = createQueryClient();
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <BackendProvider backend={backend}>
            <CoreNow>
              <App />
            </CoreNow>
          </BackendProvider>
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();
