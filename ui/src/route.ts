import { useCallback, useEffect, useState } from "react";
import { SETTINGS_SECTIONS, type SettingsSection } from "./settings/SettingsScreen";

export type Route =
  | { screen: "inbox"; conversationId: number | null }
  | { screen: "settings"; section: SettingsSection; sub?: string }
  | { screen: "reports" };

/**
 * `#/c/12` -> conversation 12, `#/settings/tags` -> settings, `#/settings/whatsapp/3/templates`
 * -> a sub-page of a settings section (`sub` = "3/templates"), `#/reports` -> reports; anything else -> inbox.
 */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter((p) => p.length > 0);
  if (parts[0] === "settings") {
    // "members" was the team's section before it could be changed
    const name = parts[1] === "members" ? "team" : parts[1];
    const section = SETTINGS_SECTIONS.find((s) => s === name);
    if (section === undefined) return { screen: "settings", section: "general" };
    const sub = parts.slice(2).join("/");
    return sub.length > 0 ? { screen: "settings", section, sub } : { screen: "settings", section };
  }
  if (parts[0] === "reports") return { screen: "reports" };
  if (parts[0] === "c" && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    return { screen: "inbox", conversationId: Number(parts[1]) };
  }
  return { screen: "inbox", conversationId: null };
}

export function formatHash(route: Route): string {
  if (route.screen === "settings") {
    const sub = route.sub ?? "";
    return `#/settings/${route.section}${sub.length > 0 ? `/${sub}` : ""}`;
  }
  if (route.screen === "reports") return "#/reports";
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
