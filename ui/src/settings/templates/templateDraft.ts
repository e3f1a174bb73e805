import type { TemplateDto, TemplateQuery, TemplateType } from "../../bindings";

export const TEMPLATE_TYPES: readonly TemplateType[] = ["reply", "start", "window"];

/** The list's account filter: any, only the shared ones, or those usable on one account. */
export type AccountFilter = "any" | "shared" | number;

export interface TemplateFilters {
  account: AccountFilter;
  type: TemplateType | null;
  tagId: number | null;
  text: string;
}

export const NO_FILTERS: TemplateFilters = { account: "any", type: null, tagId: null, text: "" };

/** The core's query for the filters ("shared only" is narrowed afterwards: the core lists them with every account). */
export function templateQuery(filters: TemplateFilters, text: string): TemplateQuery {
  return {
    account_id: typeof filters.account === "number" ? filters.account : null,
    template_type: filters.type,
    tag_id: filters.tagId,
    text: text.trim() === "" ? null : text.trim(),
  };
}

export function narrow(templates: readonly TemplateDto[], filters: TemplateFilters): TemplateDto[] {
  return filters.account === "shared" ? templates.filter((t) => t.account_id === null) : [...templates];
}

export function emptyTemplate(): TemplateDto {
  return { id: 0, account_id: null, name: "", content: "", template_type: "reply", tag_ids: [], variables: [] };
}

export type TemplateProblem = "nameRequired" | "contentRequired" | "unclosed";

/** What keeps a template from being saved (the core checks the same and more). */
export function templateProblems(t: TemplateDto): Partial<Record<"name" | "content", TemplateProblem>> {
  const out: Partial<Record<"name" | "content", TemplateProblem>> = {};
  if (t.name.trim() === "") out.name = "nameRequired";
  if (t.content.trim() === "") out.content = "contentRequired";
  else if (hasUnclosed(t.content)) out.content = "unclosed";
  return out;
}

/** A `{{` with no `}}` after it. */
export function hasUnclosed(text: string): boolean {
  let rest = text;
  for (;;) {
    const start = rest.indexOf("{{");
    if (start === -1) return false;
    const end = rest.indexOf("}}", start + 2);
    if (end === -1) return true;
    rest = rest.slice(end + 2);
  }
}
