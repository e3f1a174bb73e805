import { useTranslation } from "react-i18next";
import type { HoursDto, SpanDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { SpanRow } from "./SpanRow";
import { WEEKDAYS, copyMondayToWeekdays, daySpans, nextSpan, setDay, type HoursProblems } from "./hoursModel";

/** Monday to Sunday, each with zero or more open intervals ("Closed" when none). */
export function WeekEditor({
  hours,
  problems,
  onChange,
}: {
  hours: HoursDto;
  problems: HoursProblems["days"];
  onChange: (hours: HoursDto) => void;
}) {
  const { t } = useTranslation();
  const mondaySpans = daySpans(hours, 1);
  const weekdaysLikeMonday = [2, 3, 4, 5].every((d) => JSON.stringify(daySpans(hours, d)) === JSON.stringify(mondaySpans));
  return (
    <div className="hours-week" role="group" aria-labelledby="hours-week-title">
      <div className="hours-week-top">
        <span id="hours-week-title" className="wa-label">
          {t("automation.hours.week")}
        </span>
        <button
          type="button"
          className="button subtle"
          data-testid="copy-monday"
          disabled={weekdaysLikeMonday}
          onClick={() => onChange(copyMondayToWeekdays(hours))}
        >
          <Icon name="copy" size={13} />
          {t("automation.hours.copyMonday")}
        </button>
      </div>
      <ul className="hours-days">
        {WEEKDAYS.map((weekday) => {
          const day = t(`automation.weekdays.${weekday}`);
          const spans = daySpans(hours, weekday);
          const setSpans = (next: SpanDto[]) => onChange(setDay(hours, weekday, next));
          return (
            <li key={weekday} className="hours-day" data-testid={`hours-day-${weekday}`}>
              <span className="hours-day-name">{day}</span>
              <div className="hours-day-spans">
                {spans.length === 0 ? <span className="hours-closed">{t("automation.hours.closed")}</span> : null}
                {spans.map((span, i) => (
                  <SpanRow
                    key={i}
                    id={`hours-${weekday}-${i}`}
                    span={span}
                    where={day}
                    problem={problems[weekday]?.[i] ?? null}
                    onChange={(next) => setSpans(spans.map((s, j) => (j === i ? next : s)))}
                    onRemove={() => setSpans(spans.filter((_, j) => j !== i))}
                  />
                ))}
              </div>
              <button
                type="button"
                className="link-button hours-add"
                aria-label={t("automation.hours.addSpanTo", { day })}
                onClick={() => setSpans([...spans, nextSpan(spans)])}
              >
                <Icon name="plus" size={13} />
                {t("automation.hours.addSpan")}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="wa-help">{t("automation.hours.midnightHelp")}</p>
    </div>
  );
}
