import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TagDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { SuggestionList, optionId, useSuggestionKeys } from "../../components/Suggestions";
import { foldName } from "../../lib/mentions";

const LIST_ID = "tag-combobox-list";

/** A choice of the combobox: a tag to put on, or a new one to create (TAG-2). */
export type TagChoice = { kind: "tag"; tag: TagDto } | { kind: "create"; name: string };

/** The tags not on the conversation that match, then "Create tag “…”" for a name no tag has. */
export function tagChoices(tags: readonly TagDto[], onIds: readonly number[], query: string): TagChoice[] {
  const q = foldName(query.trim());
  const free = tags.filter((t) => !onIds.includes(t.id) && (q === "" || foldName(t.name).includes(q)));
  const exact = tags.some((t) => foldName(t.name) === q);
  const out: TagChoice[] = free.map((tag) => ({ kind: "tag", tag }));
  if (q !== "" && !exact) out.push({ kind: "create", name: query.trim() });
  return out;
}

/** Finds a tag by typing, or creates one with the name typed; Enter picks, Esc closes. */
export function TagCombobox({
  tags,
  onIds,
  busy,
  onChoose,
  onClose,
}: {
  tags: TagDto[];
  onIds: number[];
  busy: boolean;
  onChoose: (choice: TagChoice) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const choices = tagChoices(tags, onIds, query);
  const keys = useSuggestionKeys(choices.length);
  // opened on purpose by "Add a tag": the cursor goes in
  useEffect(() => input.current?.focus(), []);

  const pick = (index: number) => {
    const choice = choices[index];
    if (choice === undefined || busy) return;
    onChoose(choice);
    setQuery("");
  };

  return (
    <div className="tag-combobox">
      <span className="tag-combobox-input">
        <Icon name="tag" size={13} />
        <input
          ref={input}
          role="combobox"
          className="wa-input"
          data-testid="tag-input"
          aria-label={t("tags.conversation.search")}
          aria-expanded={choices.length > 0}
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={keys.active >= 0 ? optionId(LIST_ID, keys.active) : undefined}
          placeholder={t("tags.conversation.placeholder")}
          value={query}
          readOnly={busy}
          onChange={(e) => {
            setQuery(e.target.value);
            keys.setActive(0);
          }}
          onKeyDown={(e) => {
            keys.onKeyDown(e, pick, onClose);
          }}
          onBlur={(e) => {
            // a click in the list keeps the focus; leaving the box closes it
            if (!e.currentTarget.closest(".tag-combobox")?.contains(e.relatedTarget)) onClose();
          }}
        />
      </span>
      <SuggestionList
        id={LIST_ID}
        testId="tag-options"
        label={t("tags.conversation.add")}
        items={choices.map((choice) =>
          choice.kind === "tag"
            ? {
                key: `tag-${choice.tag.id}`,
                label: choice.tag.name,
                detail: choice.tag.description || undefined,
                icon: <span className="tag-dot" style={{ background: choice.tag.color }} aria-hidden="true" />,
              }
            : {
                key: "create",
                label: t("tags.conversation.create", { name: choice.name }),
                icon: <Icon name="plus" size={13} />,
              },
        )}
        active={keys.active}
        onPick={pick}
        onHover={keys.setActive}
        empty={t("tags.conversation.noMatch")}
        className="tag-suggestions"
      />
    </div>
  );
}
