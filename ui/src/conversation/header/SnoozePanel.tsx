import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../components/now";
import { localInputValue, snoozeChoices } from "./snooze";

/** Until when to snooze: a few usual times, or a date and time. Esc closes it. */
export function SnoozePanel({ onSnooze, onClose }: { onSnooze: (until: Date) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const first = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [custom, setCustom] = useState(() => localInputValue(snoozeChoices(now)[2]?.at ?? now));
  useEffect(() => first.current?.focus(), []);
  // a click elsewhere closes it
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (panel.current !== null && e.target instanceof Node && !panel.current.contains(e.target)) onClose();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [onClose]);
  const customAt = new Date(custom);
  const customOk = !Number.isNaN(customAt.getTime()) && customAt.getTime() > now.getTime();
  const when = (d: Date) =>
    new Intl.DateTimeFormat(
      i18n.language,
      d.getTime() - now.getTime() < 6 * 24 * 3600_000
        ? { weekday: "short", hour: "numeric", minute: "2-digit" }
        : { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" },
    ).format(d);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onClose();
    }
  };
  return (
    <div ref={panel} className="snooze-panel" role="dialog" aria-label={t("handling.snoozeTitle")} data-testid="snooze-panel" onKeyDown={onKeyDown}>
      <p className="snooze-title">{t("handling.snoozeTitle")}</p>
      <ul className="snooze-choices">
        {snoozeChoices(now).map((c, i) => (
          <li key={c.key}>
            <button type="button" ref={i === 0 ? first : undefined} className="snooze-choice" onClick={() => onSnooze(c.at)}>
              <span>{t(`handling.snooze.${c.key}`)}</span>
              <span className="muted">{when(c.at)}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="snooze-custom"
        onSubmit={(e) => {
          e.preventDefault();
          if (customOk) onSnooze(customAt);
        }}
      >
        <label className="snooze-label" htmlFor="snooze-until">
          {t("handling.snoozeCustom")}
        </label>
        <input
          id="snooze-until"
          type="datetime-local"
          className="wa-input"
          value={custom}
          min={localInputValue(now)}
          aria-invalid={!customOk || undefined}
          onChange={(e) => setCustom(e.target.value)}
        />
        <div className="snooze-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button primary" disabled={!customOk} data-testid="snooze-confirm">
            {t("handling.snoozeConfirm")}
          </button>
        </div>
      </form>
    </div>
  );
}
