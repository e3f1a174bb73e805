import type { ConversationQuery, SavedViewDto } from "../bindings";
import type { ListFilters } from "../backend/keys";
import { LIST_PAGE_SIZE } from "../backend/queries";

/** The list's filters of a saved view (its query without paging). */
export function viewFilters(query: ConversationQuery): ListFilters {
  return {
    view: query.view,
    account_id: query.account_id,
    channel: query.channel,
    tag_id: query.tag_id,
    assignee_id: query.assignee_id,
    window: query.window,
    text: query.text,
  };
}

/** The query a view saves for the list's filters. */
export function viewQuery(filters: ListFilters): ConversationQuery {
  return { ...viewFilters({ ...filters, cursor: null, limit: 0 }), cursor: null, limit: LIST_PAGE_SIZE };
}

export function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return (
    a.view === b.view &&
    a.account_id === b.account_id &&
    a.channel === b.channel &&
    a.tag_id === b.tag_id &&
    a.assignee_id === b.assignee_id &&
    a.window === b.window &&
    (a.text ?? "") === (b.text ?? "")
  );
}

/** The saved view the list shows now, if its filters are one. */
export function currentView(views: readonly SavedViewDto[] | undefined, filters: ListFilters): SavedViewDto | undefined {
  return views?.find((v) => sameFilters(viewFilters(v.query), filters));
}
