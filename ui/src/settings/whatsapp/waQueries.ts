import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ApiError,
  BusinessProfile,
  ConnectionDto,
  PhoneNumberDto,
  PhoneNumbers,
  TemplateCheck,
  TemplateDraft,
  UpdateProfileInput,
  WaTemplateList,
  WhatsappConnectInput,
} from "../../bindings";
import { useBackend } from "../../backend/context";
import { keys } from "../../backend/keys";

/**
 * Query keys of the WhatsApp settings, built like `backend/keys.ts`: one
 * family per command, with the account id second. The template lists are
 * `keys.accountTemplates` there (shared with the composer's template picker and
 * invalidated by the core's templates_changed event).
 */
export const waKeys = {
  templateList: keys.accountTemplates,
  templateCheck: (draft: TemplateDraft) => ["wa_template_check", draft] as const,
  connection: (accountId: number) => ["wa_connection", accountId] as const,
  profile: (accountId: number) => ["wa_profile", accountId] as const,
  numbers: (accountId: number) => ["wa_numbers", accountId] as const,
};

export function useSyncWaTemplates(accountId: number) {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<WaTemplateList, ApiError, void>({
    mutationFn: () => backend.call("sync_wa_templates", { account_id: accountId }),
    onSuccess: (list) => client.setQueryData(waKeys.templateList(accountId), list),
  });
}

/** Meta's creation rules for a draft, computed by the core (no network). */
export function useCheckWaTemplate(draft: TemplateDraft) {
  const backend = useBackend();
  return useQuery<TemplateCheck, ApiError>({
    queryKey: waKeys.templateCheck(draft),
    queryFn: () => backend.call("check_wa_template", draft),
    placeholderData: (previous) => previous,
    staleTime: Infinity,
  });
}

export function useSubmitWaTemplate(accountId: number) {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<WaTemplateList, ApiError, TemplateDraft>({
    mutationFn: (draft) => backend.call("submit_wa_template", { account_id: accountId, draft }),
    onSuccess: (list) => client.setQueryData(waKeys.templateList(accountId), list),
  });
}

export function useTestWhatsapp() {
  const backend = useBackend();
  return useMutation<PhoneNumberDto, ApiError, WhatsappConnectInput>({
    mutationFn: (input) => backend.call("test_whatsapp", input),
  });
}

export function useConnectWhatsapp() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<ConnectionDto, ApiError, WhatsappConnectInput>({
    mutationFn: (input) => backend.call("connect_whatsapp", input),
    onSuccess: (connection) => {
      client.setQueryData(waKeys.connection(connection.account_id), connection);
      void client.invalidateQueries({ queryKey: keys.workspace });
    },
  });
}

export function useConnection(accountId: number) {
  const backend = useBackend();
  return useQuery<ConnectionDto, ApiError>({
    queryKey: waKeys.connection(accountId),
    queryFn: () => backend.call("get_connection", { account_id: accountId }),
    // shows when Meta's first webhook arrives (the test of the webhook settings)
    refetchInterval: 5_000,
  });
}

export function useBusinessProfile(accountId: number) {
  const backend = useBackend();
  return useQuery<BusinessProfile, ApiError>({
    queryKey: waKeys.profile(accountId),
    queryFn: () => backend.call("get_business_profile", { account_id: accountId }),
  });
}

export function useUpdateBusinessProfile() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation<BusinessProfile, ApiError, UpdateProfileInput>({
    mutationFn: (input) => backend.call("update_business_profile", input),
    onSuccess: (profile, input) => client.setQueryData(waKeys.profile(input.account_id), profile),
  });
}

export function usePhoneNumbers(accountId: number) {
  const backend = useBackend();
  return useQuery<PhoneNumbers, ApiError>({
    queryKey: waKeys.numbers(accountId),
    queryFn: () => backend.call("list_phone_numbers", { account_id: accountId }),
  });
}
