import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ApiError,
  MessageRef,
  NoteInput,
  RenderTemplateInput,
  RenderedTemplate,
  ReportDto,
  ReportQuery,
  SavedViewDto,
  TagConversationInput,
  TagDto,
  TagEventDto,
  TagInput,
  TemplateDto,
  TemplateQuery,
  UsageDto,
} from "../bindings";
import { useBackend } from "./context";
import { keys } from "./keys";

/* ---------- Tags ---------- */

/**
 * Tag changes: the core's workspace_changed refreshes the workspace (its tags)
 * and list_changed the lists; both are also invalidated here so the change
 * shows even if an event is missed.
 */
function useTagChange<I, O>(run: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation<O, ApiError, I>({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.workspace });
      void client.invalidateQueries({ queryKey: keys.lists });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}

/** Creates a tag; a live tag of the same name is answered instead (how tagging creates one inline). */
export function useCreateTag() {
  const backend = useBackend();
  return useTagChange<TagInput, TagDto>((input) => backend.call("create_tag", input));
}

export function useUpdateTag() {
  const backend = useBackend();
  return useTagChange<TagDto, null>((input) => backend.call("update_tag", input));
}

/** Conversations lose the tag; their history keeps it. */
export function useDeleteTag() {
  const backend = useBackend();
  return useTagChange<number, null>((tagId) => backend.call("delete_tag", { tag_id: tagId }));
}

/** Puts a tag on a conversation (`on: true`) or takes it off. */
export function useTagConversation() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<null, ApiError, TagConversationInput>({
    mutationFn: (input) => backend.call("tag_conversation", input),
    onSuccess: (_out, input) => {
      void client.invalidateQueries({ queryKey: keys.conversation(input.conversation_id) });
      void client.invalidateQueries({ queryKey: keys.tagHistory(input.conversation_id) });
      void client.invalidateQueries({ queryKey: keys.lists });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}

export function useTagHistory(conversationId: number, enabled = true) {
  const backend = useBackend();
  return useQuery<TagEventDto[], ApiError>({
    queryKey: keys.tagHistory(conversationId),
    queryFn: () => backend.call("tag_history", { id: conversationId }),
    enabled,
  });
}

/* ---------- Saved views ---------- */

export function useSavedViews() {
  const backend = useBackend();
  return useQuery<SavedViewDto[], ApiError>({
    queryKey: keys.views,
    queryFn: () => backend.call("list_views", null),
  });
}

/** Saving or deleting answers with the member's views, which replace the cached ones. */
function useViewsChange<I>(run: (input: I) => Promise<SavedViewDto[]>) {
  const client = useQueryClient();
  return useMutation<SavedViewDto[], ApiError, I>({
    mutationFn: run,
    onSuccess: (views) => client.setQueryData(keys.views, views),
  });
}

/** Adds (`id: null`) or renames/changes a view. */
export function useSaveView() {
  const backend = useBackend();
  return useViewsChange<SavedViewDto>((input) => backend.call("save_view", input));
}

export function useDeleteView() {
  const backend = useBackend();
  return useViewsChange<number>((viewId) => backend.call("delete_view", { view_id: viewId }));
}

/* ---------- The business's own templates ---------- */

export function useReplyTemplates(query: TemplateQuery, enabled = true) {
  const backend = useBackend();
  return useQuery<TemplateDto[], ApiError>({
    queryKey: keys.replyTemplateList(query),
    queryFn: () => backend.call("list_templates", query),
    enabled,
    placeholderData: (previous) => previous,
  });
}

function useTemplateChange<I, O>(run: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation<O, ApiError, I>({
    mutationFn: run,
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.replyTemplates }),
  });
}

/** Adds (`id: 0`) or changes a template; the core answers with it and its variables. */
export function useSaveTemplate() {
  const backend = useBackend();
  return useTemplateChange<TemplateDto, TemplateDto>((input) => backend.call("save_template", input));
}

export function useDeleteTemplate() {
  const backend = useBackend();
  return useTemplateChange<number, null>((templateId) => backend.call("delete_template", { template_id: templateId }));
}

/** A template filled for a conversation; `missing_variables` names what has no value. */
export function useRenderTemplate() {
  const backend = useBackend();
  return useMutation<RenderedTemplate, ApiError, RenderTemplateInput>({
    mutationFn: (input) => backend.call("render_template", input),
  });
}

/* ---------- Notes ---------- */

/** A private note (never sent to the customer); its @mentions notify those members. */
export function useAddNote() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<MessageRef, ApiError, NoteInput>({
    mutationFn: (input) => backend.call("add_note", input),
    onSuccess: (_out, input) => void client.invalidateQueries({ queryKey: keys.messages(input.conversation_id) }),
  });
}

/* ---------- Usage and reports ---------- */

export function useUsage() {
  const backend = useBackend();
  return useQuery<UsageDto, ApiError>({
    queryKey: keys.usage,
    queryFn: () => backend.call("get_usage", null),
  });
}

/** Owners and admins set the month's conversation limit (`null`: none). */
export function useSetPlanLimit() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<UsageDto, ApiError, number | null>({
    mutationFn: (limit) => backend.call("set_plan_limit", { limit }),
    onSuccess: (usage) => client.setQueryData(keys.usage, usage),
  });
}

export function useReport(query: ReportQuery, enabled = true) {
  const backend = useBackend();
  return useQuery<ReportDto, ApiError>({
    queryKey: keys.report(query),
    queryFn: () => backend.call("get_report", query),
    enabled,
    placeholderData: (previous) => previous,
  });
}
