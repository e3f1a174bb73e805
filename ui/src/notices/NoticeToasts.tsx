import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { NoticeKind, UiEvent } from "../bindings";
import { useBackend } from "../backend/context";
import { Icon, type IconName } from "../components/Icon";
import "./notices.css";

interface Toast {
  key: number;
  conversationId: number;
  kind: NoticeKind;
  text: string;
}

const ICON: Record<NoticeKind, IconName> = { mentioned: "at", assigned: "user", sla_breached: "clock" };
const SHOWN_MS = 8000;
const MAX_SHOWN = 3;

/**
 * The core's notices for the member using the app (a mention in a note, a
 * conversation given to them, a missed response target): a toast in the
 * window's corner that opens the conversation. Notices for other members are
 * not shown (the caches they concern are refreshed by applyEvent).
 */
export function NoticeToasts({ meId, onOpen }: { meId: number; onOpen: (conversationId: number) => void }) {
  const { t } = useTranslation();
  const backend = useBackend();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextKey = useRef(1);

  useEffect(
    () =>
      backend.subscribe((event: UiEvent) => {
        if (event.type !== "notice" || event.member_id !== meId) return;
        const toast = { key: nextKey.current++, conversationId: event.conversation_id, kind: event.kind, text: event.text };
        setToasts((shown) => [...shown, toast].slice(-MAX_SHOWN));
      }),
    [backend, meId],
  );

  const dismiss = (key: number) => setToasts((shown) => shown.filter((toast) => toast.key !== key));

  return (
    <div className="notice-toasts" role="status" aria-live="polite" aria-label={t("notices.label")}>
      {toasts.map((toast) => (
        <NoticeToast
          key={toast.key}
          toast={toast}
          onOpen={() => {
            dismiss(toast.key);
            onOpen(toast.conversationId);
          }}
          onDismiss={() => dismiss(toast.key)}
        />
      ))}
    </div>
  );
}

function NoticeToast({ toast, onOpen, onDismiss }: { toast: Toast; onOpen: () => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  const [paused, setPaused] = useState(false);
  // the latest callback, without restarting the timer when the list re-renders
  const dismissRef = useRef(onDismiss);
  useEffect(() => {
    dismissRef.current = onDismiss;
  });
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => dismissRef.current(), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [paused]);
  return (
    <div
      className={`notice-toast notice-${toast.kind}`}
      data-testid="notice-toast"
      data-kind={toast.kind}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="notice-icon" aria-hidden="true">
        <Icon name={ICON[toast.kind]} size={15} />
      </span>
      <span className="notice-text">{t(`notices.${toast.kind}`, { text: toast.text })}</span>
      <button type="button" className="button subtle notice-open" data-testid="notice-open" onClick={onOpen}>
        {t("notices.open")}
      </button>
      <button type="button" className="icon-button small" aria-label={t("notices.dismiss")} title={t("notices.dismiss")} onClick={onDismiss}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}
