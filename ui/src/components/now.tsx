import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

const NowContext = createContext<Date | null>(null);

/** Provides the current time, ticking every `intervalMs`, or a fixed `now` (tests). */
export function NowProvider({
  children,
  now,
  intervalMs = 30_000,
}: {
  children: ReactNode;
  now?: Date;
  intervalMs?: number;
}) {
  const [tick, setTick] = useState(() => new Date());
  useEffect(() => {
    if (now !== undefined) return;
    const id = setInterval(() => setTick(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [now, intervalMs]);
  return <NowContext.Provider value={now ?? tick}>{children}</NowContext.Provider>;
}

export function useNow(): Date {
  return useContext(NowContext) ?? new Date();
}
