import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Backend } from "./types";
import { applyEvent } from "./keys";

const BackendContext = createContext<Backend | null>(null);

export function BackendProvider({ backend, children }: { backend: Backend; children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(() => backend.subscribe((event) => applyEvent(queryClient, event)), [backend, queryClient]);
  return <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>;
}

export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (backend === null) throw new Error("useBackend outside <BackendProvider>");
  return backend;
}
