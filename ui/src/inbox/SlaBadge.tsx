import { useTranslation } from "react-i18next";
import type { SlaDto } from "../bindings";
import { Icon } from "../components/Icon";
import { formatClock, formatTimeLeft } from "../i18n/format";
import { slaStatus } from "../lib/sla";
import "./sla.css";

/**
 * A waiting conversation's response target: time left (ok), the same in
 * amber once in the warning time, and how late in red after the deadline.
 * `long` reads as a sentence (the conversation header), else compact (rows).
 */
export function SlaBadge({ sla, now, long = false }: { sla: SlaDto; now: Date; long?: boolean }) {
  const { t, i18n } = useTranslation();
  const status = slaStatus(sla, now);
  if (status === null) return null;
  const time = formatTimeLeft(Math.abs(status.msLeft), t);
  const words =
    status.state === "breached"
      ? t(long ? "sla.lateLong" : "sla.late", { time })
      : t(long ? "sla.leftLong" : "sla.left", { time });
  return (
    <span
      className={`sla-badge sla-${status.state}${long ? " long" : ""}`}
      data-testid="sla-badge"
      data-state={status.state}
      title={t("sla.tooltip", { time: formatClock(sla.due_at, i18n.language) })}
    >
      <Icon name={status.state === "breached" ? "alert" : "flag"} size={11} />
      {words}
    </span>
  );
}
