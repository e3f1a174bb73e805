import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiError, EnrollRelayInput, RelayDto } from "../../bindings";
import { useBackend } from "../../backend/context";

export const relayKey = ["relay"] as const;

/** The relay connection; refreshed every 3 s while a page shows it. */
export function useRelay() {
  const backend = useBackend();
  return useQuery<RelayDto, ApiError>({
    queryKey: relayKey,
    queryFn: () => backend.call("get_relay", null),
    refetchInterval: 3_000,
  });
}

function useRelayMutation<I>(run: (input: I) => Promise<RelayDto>) {
  const client = useQueryClient();
  return useMutation<RelayDto, ApiError, I>({
    mutationFn: run,
    onSuccess: (relay) => client.setQueryData(relayKey, relay),
  });
}

export function useEnrollRelay() {
  const backend = useBackend();
  return useRelayMutation((input: EnrollRelayInput) => backend.call("enroll_relay", input));
}

export function useReconnectRelay() {
  const backend = useBackend();
  return useRelayMutation(() => backend.call("reconnect_relay", null));
}

export function useForgetRelay() {
  const backend = useBackend();
  return useRelayMutation(() => backend.call("forget_relay", null));
}
