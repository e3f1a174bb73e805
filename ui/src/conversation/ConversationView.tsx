import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAnswer, MessageDto, WorkspaceDto } from "../bindings";
import { useConversation, useMarkRead } from "../backend/queries";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { windowState } from "../i18n/format";
import { ConversationActionsContext, type ConversationActions } from "./actions";
import { Composer, type ComposerHandle } from "./Composer";
import { ComposerTabs, composerPanelId, composerTabId, type ComposerMode } from "./compose/ComposerTabs";
import { NoteComposer, type NoteComposerHandle } from "./compose/NoteComposer";
import { ContactPanel } from "./ContactPanel";
import type { EmailTarget } from "./email/compose";
import { EmailComposer } from "./email/EmailComposer";
import { ConversationHeader } from "./header/ConversationHeader";
import { MessageList } from "./MessageList";
import { ReconnectBanner } from "./ReconnectBanner";
import "./conversation.css";

function hasFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes("Files");
}

export function ConversationView({
  id,
  workspace,
  onOpenConversation,
}: {
  id: number;
  workspace: WorkspaceDto;
  onOpenConversation: (id: number) => void;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const query = useConversation(id);
  const markRead = useMarkRead();
  const detail = query.data;
  const unread = detail?.summary.unread ?? 0;
  const { mutate: markReadMutate } = markRead;
  const [replyTo, setReplyTo] = useState<MessageDto | null>(null);
  const [templatesRequested, setTemplatesRequested] = useState(false);
  const [emailTarget, setEmailTarget] = useState<EmailTarget | null>(null);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const composerRef = useRef<ComposerHandle>(null);
  const noteRef = useRef<NoteComposerHandle>(null);
  const [mode, setMode] = useState<ComposerMode>("reply");

  // Opening a conversation marks it read; so does a new message arriving while it is open.
  useEffect(() => {
    if (detail !== undefined && unread > 0) markReadMutate(id);
  }, [id, detail, unread, markReadMutate]);

  const isWhatsApp = detail?.summary.channel === "whatsapp";
  // answering a message always goes to the reply tab
  const reply = useCallback((message: MessageDto) => {
    setMode("reply");
    setTemplatesRequested(false);
    setReplyTo(message);
  }, []);
  const openTemplates = useCallback(() => {
    setMode("reply");
    setReplyTo(null);
    setTemplatesRequested(true);
  }, []);
  const answerEmail = useCallback((message: MessageDto, answer: EmailAnswer) => {
    setMode("reply");
    setEmailTarget((previous) => ({ messageId: message.id, answer, nonce: (previous?.nonce ?? 0) + 1 }));
  }, []);
  const actions = useMemo<ConversationActions>(
    () => ({ meId: workspace.me.id, interactive: isWhatsApp, reply, openTemplates, answerEmail: isWhatsApp ? undefined : answerEmail }),
    [workspace.me.id, isWhatsApp, reply, openTemplates, answerEmail],
  );

  if (query.isPending) {
    return <div className="conversation-pane state" aria-busy="true">{t("common.loading")}</div>;
  }
  if (query.isError || detail === undefined) {
    return (
      <div className="conversation-pane state error" role="alert">
        <Icon name="alert" size={22} />
        <p>{t("conversation.error")}</p>
        {query.error !== null ? <p className="muted small">{query.error.message}</p> : null}
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }

  const { summary, contact } = detail;
  // The workspace is refreshed by workspace_changed, so its copy of the account has the live status.
  const account = workspace.accounts.find((a) => a.id === detail.account.id) ?? detail.account;
  const windowOpen = isWhatsApp && windowState(summary.window_expires_at, now).open;
  // email takes files at any time; WhatsApp while the window is open (not as a template)
  const canAttach = isWhatsApp ? windowOpen && !templatesRequested : true;

  // Files dragged over the conversation: attach on drop. The default (the
  // webview opening the file) is always prevented here.
  const onDragEnter = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = canAttach ? "copy" : "none";
  };
  const onDragLeave = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    if (!canAttach) return;
    setMode("reply");
    composerRef.current?.attach([...e.dataTransfer.files]);
  };

  return (
    <ConversationActionsContext.Provider value={actions}>
      <section
        className={`conversation-pane${dragging ? " dragging" : ""}`}
        aria-label={t("conversation.label", { name: contact.name })}
        data-testid="conversation-view"
        onDragEnter={onDragEnter}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <ReconnectBanner account={account} />
        <ConversationHeader detail={detail} account={account} workspace={workspace} />
        <MessageList key={id} detail={detail} members={workspace.members} />
        <ComposerTabs
          mode={mode}
          onMode={(next) => {
            setMode(next);
            if (next === "note") requestAnimationFrame(() => noteRef.current?.focus());
          }}
        />
        <div role="tabpanel" id={composerPanelId("reply")} aria-labelledby={composerTabId("reply")} hidden={mode !== "reply"}>
          {isWhatsApp ? (
            <Composer
              key={`composer-${id}`}
              ref={composerRef}
              detail={detail}
              replyTo={replyTo}
              onClearReply={() => setReplyTo(null)}
              templatesRequested={templatesRequested}
              onCloseTemplates={() => setTemplatesRequested(false)}
            />
          ) : (
            <EmailComposer key={`composer-${id}`} ref={composerRef} detail={detail} target={emailTarget} onTarget={setEmailTarget} />
          )}
        </div>
        <div role="tabpanel" id={composerPanelId("note")} aria-labelledby={composerTabId("note")} hidden={mode !== "note"}>
          <NoteComposer key={`note-${id}`} ref={noteRef} conversationId={id} members={workspace.members} meId={workspace.me.id} />
        </div>
        {dragging ? (
          <div className={`drop-overlay${canAttach ? "" : " refused"}`} data-testid="drop-overlay" aria-hidden="true">
            <Icon name={canAttach ? "paperclip" : "alert"} size={28} />
            <span>
              {canAttach ? t("composer.dropHere") : t("composer.attachWindowClosed")}
            </span>
          </div>
        ) : null}
      </section>
      <ContactPanel detail={detail} workspace={workspace} onOpenConversation={onOpenConversation} />
    </ConversationActionsContext.Provider>
  );
}
