import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from "@tanstack/react-query";
import type {
  ApiError,
  ConnectionDto,
  ConversationPage,
  Locale,
  MessagePage,
  MessageRef,
  ReactInput,
  ReconnectInput,
  SendMediaInput,
  SendMessageInput,
  SendTemplateInput,
  Settings,
  WaTemplateList,
  WorkspaceDto,
} from "../bindings";
import { useBackend } from "./context";
import { keys, type ListFilters } from "./keys";

export const LIST_PAGE_SIZE = 50;
export const MESSAGE_PAGE_SIZE = 50;
export const SEARCH_LIMIT = 30;

export function useWorkspace() {
  const backend = useBackend();
  return useQuery<WorkspaceDto, ApiError>({
    queryKey: keys.workspace,
    queryFn: () => backend.call("get_workspace", null),
  });
}

export function useSettings() {
  const backend = useBackend();
  return useQuery<Settings, ApiError>({
    queryKey: keys.settings,
    queryFn: () => backend.call("get_settings", null),
  });
}

export function useCounts(enabled = true) {
  const backend = useBackend();
  return useQuery({
    queryKey: keys.counts,
    queryFn: () => backend.call("counts", null),
    enabled,
  });
}

export function useConversationList(filters: ListFilters) {
  const backend = useBackend();
  return useInfiniteQuery<ConversationPage, ApiError, InfiniteData<ConversationPage>, ReturnType<typeof keys.list>, string | null>({
    queryKey: keys.list(filters),
    initialPageParam: null,
    queryFn: ({ pageParam }) =>
      backend.call("list_conversations", { ...filters, cursor: pageParam, limit: LIST_PAGE_SIZE }),
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useConversation(id: number | null) {
  const backend = useBackend();
  return useQuery({
    queryKey: keys.conversation(id ?? -1),
    queryFn: () => backend.call("get_conversation", { id: id ?? -1 }),
    enabled: id !== null,
  });
}

export function useMessages(conversationId: number | null) {
  const backend = useBackend();
  return useInfiniteQuery<MessagePage, ApiError, InfiniteData<MessagePage>, ReturnType<typeof keys.messages>, string | null>({
    queryKey: keys.messages(conversationId ?? -1),
    initialPageParam: null,
    queryFn: ({ pageParam }) =>
      backend.call("list_messages", {
        conversation_id: conversationId ?? -1,
        before: pageParam,
        limit: MESSAGE_PAGE_SIZE,
      }),
    getNextPageParam: (last) => last.next_before,
    enabled: conversationId !== null,
  });
}

export function useSearch(text: string) {
  const backend = useBackend();
  const trimmed = text.trim();
  return useQuery({
    queryKey: keys.searchText(trimmed),
    queryFn: () => backend.call("search", { text: trimmed, limit: SEARCH_LIMIT }),
    enabled: trimmed.length > 0,
    placeholderData: (previous) => previous,
  });
}

export function useMarkRead() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<null, ApiError, number>({
    mutationFn: (id) => backend.call("mark_read", { id }),
    onSuccess: (_out, id) => {
      void client.invalidateQueries({ queryKey: keys.conversation(id) });
      void client.invalidateQueries({ queryKey: keys.lists });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}

/**
 * Sends a reply. The core stores it as pending and emits conversation_changed +
 * list_changed, which refresh the thread and the list (see applyEvent); later
 * delivery ticks arrive the same way.
 */
export function useSendMessage() {
  const backend = useBackend();
  return useMutation<MessageRef, ApiError, SendMessageInput>({
    mutationFn: (input) => backend.call("send_message", input),
  });
}

/** Sends an approved WhatsApp template (the way to restart a closed window). */
export function useSendTemplate() {
  const backend = useBackend();
  return useMutation<MessageRef, ApiError, SendTemplateInput>({
    mutationFn: (input) => backend.call("send_template", input),
  });
}

/** Sends a file (base64) with an optional caption; the core checks Meta's per-type limits. */
export function useSendMedia() {
  const backend = useBackend();
  return useMutation<MessageRef, ApiError, SendMediaInput>({
    mutationFn: (input) => backend.call("send_media", input),
  });
}

/**
 * Calls that change one message of a conversation. The core's
 * conversation_changed event refreshes the thread; the messages are also
 * invalidated here so the change shows even if that event is missed.
 */
function useMessageMutation<I>(conversationId: number, run: (input: I) => Promise<null>) {
  const client = useQueryClient();
  return useMutation<null, ApiError, I>({
    mutationFn: run,
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.messages(conversationId) }),
  });
}

/** Adds, changes or (with `emoji: null`) removes this member's reaction to a message. */
export function useReact(conversationId: number) {
  const backend = useBackend();
  return useMessageMutation<ReactInput>(conversationId, (input) => backend.call("react", input));
}

/** Sends a failed outgoing message again. */
export function useRetryMessage(conversationId: number) {
  const backend = useBackend();
  return useMessageMutation<number>(conversationId, (id) => backend.call("retry_message", { message_id: id }));
}

/** Downloads a failed attachment again. */
export function useRetryMedia(conversationId: number) {
  const backend = useBackend();
  return useMessageMutation<number>(conversationId, (id) => backend.call("retry_media", { message_id: id }));
}

/** An account's WhatsApp templates (refreshed by templates_changed). */
export function useWaTemplateList(accountId: number, enabled = true) {
  const backend = useBackend();
  return useQuery<WaTemplateList, ApiError>({
    queryKey: keys.accountTemplates(accountId),
    queryFn: () => backend.call("list_wa_templates", { account_id: accountId }),
    enabled,
  });
}

/** Gives a WhatsApp Cloud account a new access token; the workspace refreshes its status. */
export function useReconnectAccount() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<ConnectionDto, ApiError, ReconnectInput>({
    mutationFn: (input) => backend.call("reconnect_whatsapp", input),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.workspace }),
  });
}

function useWorkspaceSwitch(cmd: "open_demo_workspace" | "close_demo_workspace") {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<WorkspaceDto, ApiError, void>({
    mutationFn: () => backend.call(cmd, null),
    // Reset (not remove): the core's workspace_changed event may already have
    // mounted the inbox, whose in-flight queries must refetch, not vanish.
    onSuccess: async (workspace) => {
      client.setQueryData(keys.workspace, workspace);
      await client.resetQueries({ predicate: (q) => q.queryKey[0] !== "workspace" && q.queryKey[0] !== "settings" });
    },
  });
}

export const useOpenDemo = () => useWorkspaceSwitch("open_demo_workspace");
export const useCloseDemo = () => useWorkspaceSwitch("close_demo_workspace");

export function useSetLocale() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<Settings, ApiError, Locale | null>({
    mutationFn: (locale) => backend.call("set_locale", { locale }),
    onSuccess: (settings) => client.setQueryData(keys.settings, settings),
  });
}
