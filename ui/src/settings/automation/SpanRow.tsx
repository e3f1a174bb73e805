import { useTranslation } from "react-i18next";
import type { SpanDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import type { SpanProblem } from "./hoursModel";

/** One open interval: opens – closes, a remove button and what is wrong with it. */
export function SpanRow({
  id,
  span,
  where,
  problem,
  onChange,
  onRemove,
}: {
  id: string;
  span: SpanDto;
  /** "Monday" or a date, for the labels read aloud. */
  where: string;
  problem: SpanProblem | null;
  onChange: (span: SpanDto) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const problemId = `${id}-problem`;
  return (
    <div className={`hours-span${problem !== null ? " invalid" : ""}`} data-testid="hours-span">
      <span className="hours-span-times">
        <input
          type="time"
          className="wa-input hours-time"
          aria-label={t("automation.hours.opens", { where })}
          value={span.opens}
          required
          aria-invalid={problem !== null || undefined}
          aria-describedby={problem !== null ? problemId : undefined}
          onChange={(e) => onChange({ ...span, opens: e.target.value })}
        />
        <span className="hours-dash" aria-hidden="true">
          –
        </span>
        <input
          type="time"
          className="wa-input hours-time"
          aria-label={t("automation.hours.closes", { where })}
          value={span.closes}
          required
          aria-invalid={problem !== null || undefined}
          aria-describedby={problem !== null ? problemId : undefined}
          onChange={(e) => onChange({ ...span, closes: e.target.value })}
        />
        <button
          type="button"
          className="icon-button hours-remove"
          aria-label={t("automation.hours.removeSpan", { where, opens: span.opens, closes: span.closes })}
          title={t("automation.hours.removeSpanShort")}
          onClick={onRemove}
        >
          <Icon name="x" size={14} />
        </button>
      </span>
      {problem !== null ? (
        <span id={problemId} className="hours-problem" role="alert">
          <Icon name="alert" size={12} />
          {t(`automation.hours.problems.${problem}`)}
        </span>
      ) : null}
    </div>
  );
}
