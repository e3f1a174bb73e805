import type { Query, QueryClient, QueryKey } from "@tanstack/react-query";
import type { ConversationQuery, EmailAnswer, ReportQuery, TemplateQuery, UiEvent } from "../bindings";

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
  /** Every email account (`list_email_accounts`) and each one (`get_email_account`). */
  emailAccounts: ["email_accounts"] as const,
  emailAccount: (accountId: number) => ["email_accounts", accountId] as const,
  /** A message's sanitized HTML, with or without its remote images. */
  emailHtml: (messageId: number, loadRemote: boolean) => ["email_html", messageId, loadRemote] as const,
  emailDraft: (messageId: number, answer: EmailAnswer) => ["email_draft", messageId, answer] as const,
  /** The team with each member's accounts (`list_team`). */
  team: ["team"] as const,
  /** The brands with their members and accounts (`list_brands`). */
  brands: ["brands"] as const,
  /** An account's rules (`get_automation`). */
  automation: (accountId: number) => ["automation", accountId] as const,
  /** A conversation's tags put on and taken off (`tag_history`). */
  tagHistory: (conversationId: number) => ["tag_history", conversationId] as const,
  /** The member's saved views (`list_views`). */
  views: ["saved_views"] as const,
  /** The business's own templates (`list_templates`), every filter of them. */
  replyTemplates: ["reply_templates"] as const,
  replyTemplateList: (query: TemplateQuery) => ["reply_templates", query] as const,
  /** The month's conversations against the plan, and each number's sends (`get_usage`). */
  usage: ["usage"] as const,
  /** Every report (`get_report`) and one period's. */
  reports: ["report"] as const,
  report: (query: ReportQuery) => ["report", query] as const,
};

/**
 * Refetch the queries `queryKey` matches (all of them when absent).
 *
 * A query still waiting for its first answer is cancelled first: React Query
 * folds an invalidation into a fetch already in flight when the query has no
 * data yet, and that fetch's answer may have been computed before the change
 * the event announces — the change would then stay hidden until some later
 * event (seen as an empty inbox in the e2e runs, about one in ten).
 */
function refresh(client: QueryClient, queryKey?: QueryKey): void {
  const firstLoad = {
    queryKey,
    predicate: (q: Query) => q.state.data === undefined && q.state.fetchStatus === "fetching",
  };
  const invalidate = () => client.invalidateQueries(queryKey === undefined ? undefined : { queryKey });
  if (client.getQueryCache().findAll(firstLoad).length === 0) {
    void invalidate();
  } else {
    void client.cancelQueries(firstLoad).then(invalidate);
  }
}

/** Refreshes the caches an event touches. */
export function applyEvent(client: QueryClient, event: UiEvent): void {
  switch (event.type) {
    case "conversation_changed":
    case "incoming_message":
      refresh(client, keys.conversation(event.conversation_id));
      refresh(client, keys.messages(event.conversation_id));
      refresh(client, keys.lists);
      refresh(client, keys.counts);
      refresh(client, keys.search);
      refresh(client, keys.tagHistory(event.conversation_id));
      // a mailbox's message count and last sync move with its mail
      refresh(client, keys.emailAccounts);
      break;
    case "list_changed":
      refresh(client, keys.lists);
      refresh(client, keys.counts);
      refresh(client, keys.emailAccounts);
      // figures that count conversations (only refetched while shown)
      refresh(client, keys.reports);
      refresh(client, keys.usage);
      break;
    case "notice":
      // a mention, an assignment or a missed target: what it is about may have changed
      refresh(client, keys.conversation(event.conversation_id));
      refresh(client, keys.messages(event.conversation_id));
      refresh(client, keys.lists);
      refresh(client, keys.counts);
      break;
    case "workspace_changed":
      refresh(client);
      break;
    case "templates_changed":
      refresh(client, keys.templates);
      break;
  }
}
