import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

const NowContext = createContext<Date | null>(null);

/**
 * Provides the current time, ticking every `intervalMs`, or a fixed `now`
 * (tests). `skewMs` is how far the core's clock is ahead of the browser's:
 * the window and countdowns follow the core, which decides what may be sent.
 */
export function NowProvider({
  children,
  now,
  skewMs = 0,
  intervalMs = 30_000,
}: {
  children: ReactNode;
  now?: Date;
  skewMs?: number;
  intervalMs?: number;
}) {
  // the browser's time of the last tick; the skew is added when rendering
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (now !== undefined) return;
    const id = setInterval(() => setTick(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [now, intervalMs]);
  const value = useMemo(() => now ?? new Date(tick + skewMs), [now, tick, skewMs]);
  return <NowContext.Provider value={value}>{children}</NowContext.Provider>;
}

export function useNow(): Date {
  return useContext(NowContext) ?? new Date();
}
