import type { QueryClient } from "@tanstack/react-query";
import type { ConversationQuery, UiEvent } from "../bindings";

/** Filters of the conversation list, i.e. a ConversationQuery without paging. */
export type ListFilters = Omit<ConversationQuery, "cursor" | "limit">;

/** Query keys mirror the core's change events. */
export const keys = {
  workspace: ["workspace"] as const,
  settings: ["settings"] as const,
  counts: ["counts"] as const,
  lists: ["conversations"] as const,
  list: (filters: ListFilters) => ["conversations", filters] as const,
  conversation: (id: number) => ["conversation", id] as const,
  messages: (id: number) => ["messages", id] as const,
  search: ["search"] as const,
  searchText: (text: string) => ["search", text] as const,
  /** Every account's WhatsApp templates (`list_wa_templates`). */
  templates: ["wa_templates"] as const,
  accountTemplates: (accountId: number) => ["wa_templates", accountId] as const,
};

/** Invalidates the caches an event touches. */
export function applyEvent(client: QueryClient, event: UiEvent): void {
  switch (event.type) {
    case "conversation_changed":
    case "incoming_message":
      void client.invalidateQueries({ queryKey: keys.conversation(event.conversation_id) });
      void client.invalidateQueries({ queryKey: keys.messages(event.conversation_id) });
      void client.invalidateQueries({ queryKey: keys.lists });
      void client.invalidateQueries({ queryKey: keys.counts });
      void client.invalidateQueries({ queryKey: keys.search });
      break;
    case "list_changed":
      void client.invalidateQueries({ queryKey: keys.lists });
      void client.invalidateQueries({ queryKey: keys.counts });
      break;
    case "workspace_changed":
      void client.invalidateQueries();
      break;
    case "templates_changed":
      void client.invalidateQueries({ queryKey: keys.templates });
      break;
  }
}
