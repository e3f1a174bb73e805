import type { View } from "../bindings";
import type { ListFilters } from "../backend/keys";

export const VIEWS: readonly View[] = ["all_open", "mine", "unassigned", "snoozed", "resolved"];

export function defaultFilters(view: View = "all_open"): ListFilters {
  return {
    view,
    account_id: null,
    channel: null,
    tag_id: null,
    assignee_id: null,
    window: null,
    text: null,
  };
}

export function activeFilterCount(filters: ListFilters): number {
  const text = filters.text !== null && filters.text.trim() !== "" ? filters.text : null;
  return [filters.account_id, filters.channel, filters.tag_id, filters.assignee_id, filters.window, text].filter(
    (v) => v !== null,
  ).length;
}
