import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ApiError,
  EmailAccountDto,
  EmailAccountInput,
  EmailAccounts,
  EmailAnswer,
  EmailDraftDto,
  EmailHtmlDto,
  EmailProbeDto,
  MessageRef,
  ReconnectEmailInput,
  SendEmailInput,
  SignatureInput,
} from "../bindings";
import { useBackend } from "./context";
import { keys } from "./keys";

/** How often a mailbox page refreshes while the mailbox connects or syncs. */
export const SYNC_POLL_MS = 3_000;
/** …and while it waits for mail (new mail moves its count). */
const IDLE_POLL_MS = 15_000;

function busy(state: string): boolean {
  return state === "connecting" || state === "syncing";
}

export function useEmailAccounts() {
  const backend = useBackend();
  return useQuery<EmailAccounts, ApiError>({
    queryKey: keys.emailAccounts,
    queryFn: () => backend.call("list_email_accounts", null),
    refetchInterval: (query) =>
      query.state.data?.accounts.some((a) => busy(a.sync_state)) === true ? SYNC_POLL_MS : IDLE_POLL_MS,
  });
}

/** One mailbox: polled every few seconds while it connects or syncs. */
export function useEmailAccount(accountId: number | null, { live = true }: { live?: boolean } = {}) {
  const backend = useBackend();
  return useQuery<EmailAccountDto, ApiError>({
    queryKey: keys.emailAccount(accountId ?? -1),
    queryFn: () => backend.call("get_email_account", { account_id: accountId ?? -1 }),
    enabled: accountId !== null,
    // a mailbox without server settings (the demo's) is not found: asking again won't help
    retry: (count, error) => error.code !== "not_found" && count < 3,
    refetchInterval: live ? (query) => (busy(query.state.data?.sync_state ?? "") ? SYNC_POLL_MS : IDLE_POLL_MS) : false,
  });
}

export function useTestEmailAccount() {
  const backend = useBackend();
  return useMutation<EmailProbeDto, ApiError, EmailAccountInput>({
    mutationFn: (input) => backend.call("test_email_account", input),
  });
}

export function useConnectEmailAccount() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<EmailAccountDto, ApiError, EmailAccountInput>({
    mutationFn: (input) => backend.call("connect_email_account", input),
    onSuccess: (account) => {
      client.setQueryData(keys.emailAccount(account.account_id), account);
      void client.invalidateQueries({ queryKey: keys.emailAccounts });
      void client.invalidateQueries({ queryKey: keys.workspace });
    },
  });
}

export function useSetEmailSignature() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<EmailAccountDto, ApiError, SignatureInput>({
    mutationFn: (input) => backend.call("set_email_signature", input),
    onSuccess: (account) => {
      client.setQueryData(keys.emailAccount(account.account_id), account);
      void client.invalidateQueries({ queryKey: keys.emailAccounts, exact: true });
    },
  });
}

/**
 * A new password for a mailbox whose login was refused: the core logs in to
 * IMAP and SMTP with it, stores it, sets the account active and restarts its
 * sync. The mailbox, the list and the workspace (the account's status) refresh.
 */
export function useReconnectEmailAccount() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<EmailAccountDto, ApiError, ReconnectEmailInput>({
    mutationFn: (input) => backend.call("reconnect_email_account", input),
    onSuccess: (account) => {
      client.setQueryData(keys.emailAccount(account.account_id), account);
      void client.invalidateQueries({ queryKey: keys.emailAccounts });
      void client.invalidateQueries({ queryKey: keys.workspace });
    },
  });
}

/** A message's sanitized HTML (fetched only when the formatted view is shown). */
export function useEmailHtml(messageId: number, loadRemote: boolean, enabled: boolean) {
  const backend = useBackend();
  return useQuery<EmailHtmlDto, ApiError>({
    queryKey: keys.emailHtml(messageId, loadRemote),
    queryFn: () => backend.call("get_email_html", { message_id: messageId, load_remote: loadRemote }),
    enabled,
    staleTime: Infinity,
    // "Load images" keeps the page without them on screen until the new one arrives
    placeholderData: (previous) => previous,
  });
}

/** Remembers that this sender's remote images may load; their messages' HTML is fetched again. */
export function useAllowRemoteImages() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<null, ApiError, string>({
    mutationFn: (sender) => backend.call("allow_remote_images", { sender }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["email_html"] }),
  });
}

/** Recipients and subject of an answer to a message. */
export function useEmailDraft(messageId: number | null, answer: EmailAnswer) {
  const backend = useBackend();
  return useQuery<EmailDraftDto, ApiError>({
    queryKey: keys.emailDraft(messageId ?? -1, answer),
    queryFn: () => backend.call("email_draft", { message_id: messageId ?? -1, answer }),
    enabled: messageId !== null,
    staleTime: Infinity,
  });
}

/** Sends an email answer; the core's conversation_changed event shows it in the thread. */
export function useSendEmail() {
  const backend = useBackend();
  return useMutation<MessageRef, ApiError, SendEmailInput>({
    mutationFn: (input) => backend.call("send_email", input),
  });
}
