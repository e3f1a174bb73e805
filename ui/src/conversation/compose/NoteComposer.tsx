import { useId, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { useTranslation } from "react-i18next";
import type { MemberDto } from "../../bindings";
import { useAddNote } from "../../backend/libraryQueries";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { SuggestionList, optionId, useSuggestionKeys } from "../../components/Suggestions";
import { foldName, mentionAtCaret } from "../../lib/mentions";
import "./compose.css";

const MENTION_LIST_ID = "note-mentions";
const MAX_SUGGESTED = 8;

/** Members whose first or full name starts with what follows the @ (or any word of it). */
export function matchMembers(members: readonly MemberDto[], query: string): MemberDto[] {
  const q = foldName(query);
  return members
    .filter((m) => q === "" || foldName(m.name).split(/\s+/).some((word) => word.startsWith(q)) || foldName(m.name).startsWith(q))
    .slice(0, MAX_SUGGESTED);
}

export interface NoteComposerHandle {
  focus: () => void;
}

/**
 * A private note for the team (INB-8): never sent to the customer. Typing "@"
 * suggests the members (↑/↓, Enter) and inserts "@Full Name"; the core
 * notifies those it names who may see the conversation.
 */
export function NoteComposer({
  conversationId,
  members,
  meId,
  ref,
}: {
  conversationId: number;
  members: MemberDto[];
  meId: number;
  ref?: Ref<NoteComposerHandle>;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  const [draft, setDraft] = useState("");
  const [caret, setCaret] = useState(0);
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const add = useAddNote();
  /** Where the cursor goes once an inserted mention is in the box. */
  const pendingCaret = useRef<number | null>(null);
  useImperativeHandle(ref, () => ({ focus: () => box.current?.focus() }));
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    box.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [draft]);

  const mention = mentionAtCaret(draft, caret);
  const open = mention !== null && closedAt !== mention.start;
  const others = members.filter((m) => m.id !== meId);
  const matches = open && mention !== null ? matchMembers(others, mention.query) : [];
  const keys = useSuggestionKeys(matches.length);
  const text = draft.trim();

  const insert = (index: number) => {
    const member = matches[index];
    if (member === undefined || mention === null) return;
    const token = `@${member.name} `;
    const next = draft.slice(0, mention.start) + token + draft.slice(caret);
    const at = mention.start + token.length;
    pendingCaret.current = at;
    setDraft(next);
    setCaret(at);
  };

  const submit = () => {
    if (text === "" || add.isPending) return;
    add.mutate(
      { conversation_id: conversationId, body: text },
      {
        onSuccess: () => {
          setDraft("");
          setCaret(0);
        },
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && keys.onKeyDown(e, insert, () => setClosedAt(mention?.start ?? null))) return;
    if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    submit();
  };

  const track = () => setCaret(box.current?.selectionStart ?? 0);

  return (
    <div className="composer note-composer" data-testid="note-composer">
      <div className="composer-status">
        <span className="note-status">
          <Icon name="lock" size={13} />
          {t("notes.hint")}
        </span>
      </div>
      <div className="composer-box">
        {open ? (
          <div className="mention-popover">
            <SuggestionList
              id={MENTION_LIST_ID}
              testId="mention-list"
              label={t("notes.mentions")}
              header={t("notes.mentions")}
              items={matches.map((m) => ({
                key: String(m.id),
                label: m.name,
                detail: m.email,
                icon: <Avatar name={m.name} color={m.color} size={22} />,
              }))}
              active={keys.active}
              onPick={insert}
              onHover={keys.setActive}
              empty={t("notes.noMember", { query: mention?.query ?? "" })}
              footer={matches.length > 0 ? t("notes.mentionHint") : undefined}
            />
          </div>
        ) : null}
        <textarea
          ref={box}
          className="composer-input"
          rows={2}
          value={draft}
          readOnly={add.isPending}
          data-testid="note-input"
          aria-label={t("notes.label")}
          aria-describedby={hintId}
          aria-autocomplete="list"
          aria-controls={open && matches.length > 0 ? MENTION_LIST_ID : undefined}
          aria-activedescendant={open && keys.active >= 0 && matches.length > 0 ? optionId(MENTION_LIST_ID, keys.active) : undefined}
          placeholder={t("notes.placeholder")}
          onChange={(e) => {
            setDraft(e.target.value);
            setCaret(e.target.selectionStart);
            setClosedAt(null);
            if (add.isError) add.reset();
          }}
          onKeyDown={onKeyDown}
          onKeyUp={track}
          onClick={track}
          onBlur={() => setClosedAt(mention?.start ?? null)}
          onFocus={() => setClosedAt(null)}
        />
        <div className="composer-actions">
          <span id={hintId} className="composer-hint">
            {t("composer.keysHint")}
          </span>
          <button
            type="button"
            className="button primary send-button note"
            disabled={text === "" || add.isPending}
            aria-busy={add.isPending}
            data-testid="note-send"
            onClick={submit}
          >
            <Icon name="note" size={14} />
            {add.isPending ? t("notes.adding") : t("notes.add")}
          </button>
        </div>
      </div>
      {add.isError ? (
        <p className="error-text composer-error" role="alert" data-testid="note-error">
          {t("notes.failed", { message: add.error.message })}
        </p>
      ) : null}
    </div>
  );
}
