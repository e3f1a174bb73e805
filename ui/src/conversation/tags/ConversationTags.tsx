import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConversationDetail, MemberDto, TagDto } from "../../bindings";
import { useCreateTag, useTagConversation } from "../../backend/libraryQueries";
import { Icon } from "../../components/Icon";
import { TagChip } from "../../components/TagChip";
import { nextTagColor } from "../../settings/tags/tagColors";
import { TagCombobox, type TagChoice } from "./TagCombobox";
import { TagHistory } from "./TagHistory";
import "./tags.css";

/**
 * The conversation's tags in the contact panel: each can be taken off, a tag
 * is put on by finding it, or created on the spot with the name typed
 * (TAG-2); the history of what was put on and taken off folds out.
 */
export function ConversationTags({ detail, tags, members }: { detail: ConversationDetail; tags: TagDto[]; members: MemberDto[] }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const tag = useTagConversation();
  const create = useCreateTag();
  const conversationId = detail.summary.id;
  const on = detail.summary.tag_ids;
  const shown = on.map((id) => tags.find((x) => x.id === id)).filter((x): x is TagDto => x !== undefined);
  const busy = tag.isPending || create.isPending;
  const error = tag.error ?? create.error;

  const choose = (choice: TagChoice) => {
    tag.reset();
    create.reset();
    if (choice.kind === "tag") {
      tag.mutate({ conversation_id: conversationId, tag_id: choice.tag.id, on: true });
      return;
    }
    create.mutate(
      { name: choice.name, description: "", color: nextTagColor(tags.length) },
      { onSuccess: (created) => tag.mutate({ conversation_id: conversationId, tag_id: created.id, on: true }) },
    );
  };

  return (
    <div className="conversation-tags" data-testid="conversation-tags">
      {shown.length === 0 ? (
        <p className="muted small">{t("tags.conversation.none")}</p>
      ) : (
        <ul className="conversation-tag-list">
          {shown.map((x) => (
            <li key={x.id} className="conversation-tag" data-testid="conversation-tag" data-id={x.id}>
              <TagChip tag={x} />
              <button
                type="button"
                className="tag-remove"
                aria-label={t("tags.conversation.remove", { name: x.name })}
                title={t("tags.conversation.remove", { name: x.name })}
                data-testid="remove-tag"
                disabled={busy}
                onClick={() => tag.mutate({ conversation_id: conversationId, tag_id: x.id, on: false })}
              >
                <Icon name="x" size={11} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <TagCombobox tags={tags} onIds={on} busy={busy} onChoose={choose} onClose={() => setAdding(false)} />
      ) : (
        <button type="button" className="link-button add-tag-button" data-testid="add-conversation-tag" onClick={() => setAdding(true)}>
          <Icon name="plus" size={12} />
          {t("tags.conversation.add")}
        </button>
      )}
      {error !== null ? (
        <p className="error-text small" role="alert" data-testid="tag-error">
          {t("tags.conversation.failed", { message: error.message })}
        </p>
      ) : null}
      <TagHistory conversationId={conversationId} members={members} />
    </div>
  );
}
