import { useState, type KeyboardEvent } from "react";
import type { ApiError, TemplateDto } from "../../bindings";
import { useRenderTemplate, useReplyTemplates } from "../../backend/libraryQueries";
import { useSuggestionKeys } from "../../components/Suggestions";
import { missingFromMessage } from "../../lib/templateVars";

/** The "/" at the start of a reply: what is typed after it, or null. */
export function slashQuery(draft: string): string | null {
  const m = /^\/([^\n]*)$/.exec(draft);
  return m === null ? null : (m[1] ?? "").trim();
}

/** Templates whose name or text has every word of the query. */
export function matchTemplates(templates: readonly TemplateDto[], query: string): TemplateDto[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  return templates.filter((t) => words.every((w) => t.name.toLowerCase().includes(w) || t.content.toLowerCase().includes(w)));
}

/** A template waiting for values the app could not fill (a `missing_variables` answer). */
export interface MissingValues {
  template: TemplateDto;
  names: string[];
}

/**
 * The composer's reply templates (TPL-1): typing "/" at the start of the box
 * lists the account's reply templates, filtered as you type; picking one has
 * the core fill it for the conversation. When it names variables without a
 * value, they are asked for, then the filled text replaces the box's.
 */
export function useSlashTemplates({
  conversationId,
  accountId,
  draft,
  onText,
}: {
  conversationId: number;
  accountId: number;
  draft: string;
  /** The filled text, for the box. */
  onText: (text: string) => void;
}) {
  const query = slashQuery(draft);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [missing, setMissing] = useState<MissingValues | null>(null);
  const render = useRenderTemplate();
  const open = query !== null && dismissed !== draft && missing === null;
  const list = useReplyTemplates({ account_id: accountId, template_type: "reply", tag_id: null, text: null }, query !== null);
  const matches = open ? matchTemplates(list.data ?? [], query) : [];
  const keys = useSuggestionKeys(matches.length);

  const fill = (template: TemplateDto, values: Array<{ name: string; value: string }>) => {
    render.mutate(
      { template_id: template.id, conversation_id: conversationId, values },
      {
        onSuccess: ({ text }) => {
          setMissing(null);
          onText(text);
        },
        onError: (error: ApiError) => {
          if (error.code !== "missing_variables") return;
          const names = missingFromMessage(error.message);
          render.reset();
          setMissing({ template, names: names.length > 0 ? names : template.variables });
        },
      },
    );
  };

  const pick = (index: number) => {
    const template = matches[index];
    if (template !== undefined) fill(template, []);
  };

  return {
    open,
    query: query ?? "",
    list,
    matches,
    active: keys.active,
    setActive: keys.setActive,
    pick,
    missing,
    /** Fills the template with the values typed for its missing variables. */
    fillMissing: (values: Array<{ name: string; value: string }>) => {
      if (missing !== null) fill(missing.template, values);
    },
    cancelMissing: () => setMissing(null),
    rendering: render.isPending,
    error: render.error !== null && render.error.code !== "missing_variables" ? render.error : null,
    /** The box's keys while the list is open; true when the list took the key. */
    onKeyDown: (e: KeyboardEvent): boolean => (open ? keys.onKeyDown(e, pick, () => setDismissed(draft)) : false),
  };
}

export type SlashTemplates = ReturnType<typeof useSlashTemplates>;
