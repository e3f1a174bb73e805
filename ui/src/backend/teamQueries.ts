import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ApiError,
  AssignInput,
  AutomationDto,
  Availability,
  BrandDetail,
  BrandInput,
  ConversationIdInput,
  MemberInput,
  PriorityInput,
  StartConversationInput,
  StatusInput,
  TeamDto,
} from "../bindings";
import { useBackend } from "./context";
import { keys } from "./keys";

/** The team, each member's accounts, and whether this member may change them. */
export function useTeam(enabled = true) {
  const backend = useBackend();
  return useQuery<TeamDto, ApiError>({
    queryKey: keys.team,
    queryFn: () => backend.call("list_team", null),
    enabled,
  });
}

/**
 * Team changes answer with the new team; the workspace (its members list,
 * read by the inbox) is refreshed too, as the core's workspace_changed would.
 */
function useTeamChange<I>(run: (input: I) => Promise<TeamDto>) {
  const client = useQueryClient();
  return useMutation<TeamDto, ApiError, I>({
    mutationFn: run,
    onSuccess: (team) => {
      client.setQueryData(keys.team, team);
      void client.invalidateQueries({ queryKey: keys.workspace });
    },
  });
}

/** Adds (`id: null`) or changes a member and the accounts they may see. */
export function useSaveMember() {
  const backend = useBackend();
  return useTeamChange<MemberInput>((input) => backend.call("save_member", input));
}

export function useDeleteMember() {
  const backend = useBackend();
  return useTeamChange<number>((memberId) => backend.call("delete_member", { member_id: memberId }));
}

/** The availability of the member using the app (online, away, offline). */
export function useSetAvailability() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<null, ApiError, Availability>({
    mutationFn: (availability) => backend.call("set_availability", { availability }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.workspace });
      void client.invalidateQueries({ queryKey: keys.team });
    },
  });
}

/** An account's rules: business hours, assignment, auto-reply, reminder, auto-close, SLA. */
export function useAutomation(accountId: number | null) {
  const backend = useBackend();
  return useQuery<AutomationDto, ApiError>({
    queryKey: keys.automation(accountId ?? -1),
    queryFn: () => backend.call("get_automation", { account_id: accountId ?? -1 }),
    enabled: accountId !== null,
  });
}

/** Replaces an account's rules; the core checks every part and answers with what it stored. */
export function useSetAutomation() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<AutomationDto, ApiError, AutomationDto>({
    mutationFn: (input) => backend.call("set_automation", input),
    onSuccess: (saved) => {
      client.setQueryData(keys.automation(saved.account_id), saved);
      // new SLA deadlines for the account's waiting conversations
      void client.invalidateQueries({ queryKey: keys.lists });
    },
  });
}

/**
 * Calls that change a conversation by hand. The core's conversation_changed
 * and list_changed events refresh it; the caches are also invalidated here so
 * the change shows even if an event is missed.
 */
function useConversationChange<I extends { conversation_id: number }>(run: (input: I) => Promise<null>) {
  const client = useQueryClient();
  return useMutation<null, ApiError, I>({
    mutationFn: run,
    onSuccess: (_out, input) => {
      void client.invalidateQueries({ queryKey: keys.conversation(input.conversation_id) });
      void client.invalidateQueries({ queryKey: keys.lists });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}

export function useAssign() {
  const backend = useBackend();
  return useConversationChange<AssignInput>((input) => backend.call("assign_conversation", input));
}

export function useSetStatus() {
  const backend = useBackend();
  return useConversationChange<StatusInput>((input) => backend.call("set_status", input));
}

export function useSetPriority() {
  const backend = useBackend();
  return useConversationChange<PriorityInput>((input) => backend.call("set_priority", input));
}

/** The brands, each with its members (the "team brand" rule's pool) and accounts. */
export function useBrands(enabled = true) {
  const backend = useBackend();
  return useQuery<BrandDetail[], ApiError>({
    queryKey: keys.brands,
    queryFn: () => backend.call("list_brands", null),
    enabled,
  });
}

/** Brand changes answer with every brand; the workspace (its brands, its accounts' brand) is refreshed too. */
function useBrandChange<I>(run: (input: I) => Promise<BrandDetail[]>) {
  const client = useQueryClient();
  return useMutation<BrandDetail[], ApiError, I>({
    mutationFn: run,
    onSuccess: (brands) => {
      client.setQueryData(keys.brands, brands);
      void client.invalidateQueries({ queryKey: keys.workspace });
    },
  });
}

/** Adds (`id: null`) or changes a brand and its members. */
export function useSaveBrand() {
  const backend = useBackend();
  return useBrandChange<BrandInput>((input) => backend.call("save_brand", input));
}

export function useDeleteBrand() {
  const backend = useBackend();
  return useBrandChange<number>((brandId) => backend.call("delete_brand", { brand_id: brandId }));
}

/**
 * A conversation with a contact from one of the member's accounts: the open
 * one there, else a new one assigned to the member. Answers its id.
 */
export function useStartConversation() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<ConversationIdInput, ApiError, StartConversationInput>({
    mutationFn: (input) => backend.call("start_conversation", input),
    onSuccess: (started) => {
      void client.invalidateQueries({ queryKey: keys.conversation(started.id) });
      void client.invalidateQueries({ queryKey: keys.lists });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}
