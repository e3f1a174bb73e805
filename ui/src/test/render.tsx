import type { ReactElement, ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { I18nextProvider } from "react-i18next";
import type { i18n as I18n } from "i18next";
import { BackendProvider } from "../backend/context";
import type { Backend } from "../backend/types";
import { NowProvider } from "../components/now";
import { createI18n } from "../i18n";

export function renderWithBackend(
  ui: ReactElement,
  { backend, now, language = "en" }: { backend: Backend; now?: Date; language?: string },
) {
  const i18n: I18n = createI18n(language);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <BackendProvider backend={backend}>
          <NowProvider now={now}>{children}</NowProvider>
        </BackendProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
  return { ...render(ui, { wrapper }), i18n, client };
}
