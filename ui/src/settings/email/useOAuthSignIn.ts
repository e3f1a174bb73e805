import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { ApiError, EmailAccountDto, EmailOAuthInput, OAuthProviderDto } from "../../bindings";
import { useBackend } from "../../backend/context";
import { keys } from "../../backend/keys";
import { toApiError } from "../../backend/types";

export type OAuthSignIn =
  | { phase: "idle" }
  /** Asking the core for the provider's page. */
  | { phase: "starting"; provider: OAuthProviderDto }
  /** The page is open in the browser; the core waits for it to come back (up to 5 minutes). */
  | { phase: "waiting"; provider: OAuthProviderDto; url: string; address: string }
  | { phase: "error"; provider: OAuthProviderDto; error: ApiError };

export type OAuthRequest = Omit<EmailOAuthInput, "open_browser">;

/**
 * Sign in with Google or Microsoft (ACC-30/31): `start_email_oauth` gives the
 * provider's page — opened in the system browser by the core in the desktop
 * window, by this tab otherwise — and `finish_email_oauth` waits for the
 * browser to come back, checks IMAP and SMTP with the token and saves the
 * mailbox. Cancel only stops waiting here: a sign-in finished later still
 * adds the mailbox (the lists are refreshed), without leaving the page.
 */
export function useOAuthSignIn(onConnected: (account: EmailAccountDto) => void) {
  const backend = useBackend();
  const client = useQueryClient();
  const [state, setState] = useState<OAuthSignIn>({ phase: "idle" });
  /** The current attempt; answers to an older one (cancelled, unmounted) are ignored. */
  const attempt = useRef(0);
  const connected = useRef(onConnected);
  useEffect(() => {
    connected.current = onConnected;
  });
  useEffect(
    () => () => {
      attempt.current += 1;
    },
    [],
  );

  const start = useCallback(
    async (request: OAuthRequest) => {
      attempt.current += 1;
      const mine = attempt.current;
      const current = () => attempt.current === mine;
      setState({ phase: "starting", provider: request.provider });
      try {
        const opensItself = backend.opensSystemBrowser;
        const started = await backend.call("start_email_oauth", { ...request, open_browser: opensItself });
        if (!current()) return;
        if (!opensItself) window.open(started.url, "_blank", "noopener");
        setState({ phase: "waiting", provider: request.provider, url: started.url, address: request.address });
        const account = await backend.call("finish_email_oauth", { flow_id: started.flow_id });
        client.setQueryData(keys.emailAccount(account.account_id), account);
        void client.invalidateQueries({ queryKey: keys.emailAccounts });
        void client.invalidateQueries({ queryKey: keys.workspace });
        if (!current()) return;
        setState({ phase: "idle" });
        connected.current(account);
      } catch (err) {
        if (current()) setState({ phase: "error", provider: request.provider, error: toApiError(err) });
      }
    },
    [backend, client],
  );

  /** Back to the form (stops waiting; clears an error). */
  const cancel = useCallback(() => {
    attempt.current += 1;
    setState({ phase: "idle" });
  }, []);

  return { state, start, cancel };
}
