import { useRef, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../../components/Icon";
import "./compose.css";

export type ComposerMode = "reply" | "note";
const MODES: readonly ComposerMode[] = ["reply", "note"];

export const composerTabId = (mode: ComposerMode) => `composer-tab-${mode}`;
export const composerPanelId = (mode: ComposerMode) => `composer-panel-${mode}`;

/** Above the composer: write a reply to the customer, or a private note for the team. */
export function ComposerTabs({ mode, onMode }: { mode: ComposerMode; onMode: (mode: ComposerMode) => void }) {
  const { t } = useTranslation();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const next = MODES[(MODES.indexOf(mode) + 1) % MODES.length] ?? "reply";
    onMode(next);
    tabs.current[MODES.indexOf(next)]?.focus();
  };
  return (
    <div className="composer-tabs" role="tablist" aria-label={t("notes.tabs")} onKeyDown={onKeyDown}>
      {MODES.map((m, i) => (
        <button
          key={m}
          ref={(el) => {
            tabs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={composerTabId(m)}
          className={`composer-tab ${m}`}
          aria-selected={mode === m}
          aria-controls={composerPanelId(m)}
          tabIndex={mode === m ? 0 : -1}
          data-testid={`composer-tab-${m}`}
          onClick={() => onMode(m)}
        >
          <Icon name={m === "note" ? "lock" : "reply"} size={13} />
          {m === "note" ? t("notes.note") : t("notes.reply")}
        </button>
      ))}
    </div>
  );
}
