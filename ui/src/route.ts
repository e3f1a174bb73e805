import { useCallback, useEffect, useState } from "react";
import { SETTINGS_SECTIONS, type SettingsSection } from "./settings/SettingsScreen";

export type Route =
  | { screen: "inbox"; conversationId: number | null }
  | { screen: "settings"; section: SettingsSection };

/** `#/c/12` -> conversation 12, `#/settings/tags` -> settings; anything else -> inbox. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter((p) => p.length > 0);
  if (parts[0] === "settings") {
    const section = SETTINGS_SECTIONS.find((s) => s === parts[1]) ?? "general";
    return { screen: "settings", section };
  }
  if (parts[0] === "c" && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    return { screen: "inbox", conversationId: Number(parts[1]) };
  }
  return { screen: "inbox", conversationId: null };
}

export function formatHash(route: Route): string {
  if (route.screen === "settings") return `#/settings/${route.section}`;
  return route.conversationId === null ? "#/" : `#/c/${route.conversationId}`;
}

/** The app's location, kept in the URL hash (survives reloads of the webview). */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const navigate = useCallback((next: Route) => {
    setRoute(next);
    const hash = formatHash(next);
    if (window.location.hash !== hash) window.history.replaceState(null, "", hash);
  }, []);
  return [route, navigate];
}
