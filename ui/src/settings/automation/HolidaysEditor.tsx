import { useTranslation } from "react-i18next";
import type { HolidayDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { SpanRow } from "./SpanRow";
import { nextSpan, type HoursProblems } from "./hoursModel";

/** Dates that replace their weekday: closed all day, or open with special hours. */
export function HolidaysEditor({
  holidays,
  problems,
  serverError,
  onChange,
}: {
  holidays: HolidayDto[];
  problems: HoursProblems["holidays"];
  serverError: string | null;
  onChange: (holidays: HolidayDto[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const setAt = (i: number, next: HolidayDto) => onChange(holidays.map((h, j) => (j === i ? next : h)));
  const label = (date: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`))
      : t("automation.hours.newDate");
  return (
    <div className="hours-holidays" role="group" aria-labelledby="hours-holidays-title">
      <span id="hours-holidays-title" className="wa-label">
        {t("automation.hours.holidays")}
      </span>
      <p className="wa-help">{t("automation.hours.holidaysHelp")}</p>
      {holidays.length > 0 ? (
        <ul className="hours-holiday-list">
          {holidays.map((holiday, i) => {
            const where = label(holiday.date);
            const problem = problems[i]?.date ?? null;
            const special = holiday.spans.length > 0;
            return (
              <li key={i} className="hours-holiday" data-testid="hours-holiday">
                <div className="hours-holiday-top">
                  <input
                    type="date"
                    className="wa-input hours-date"
                    aria-label={t("automation.hours.date")}
                    value={holiday.date}
                    aria-invalid={problem !== null || undefined}
                    onChange={(e) => setAt(i, { ...holiday, date: e.target.value })}
                  />
                  <select
                    className="select hours-holiday-kind"
                    aria-label={t("automation.hours.holidayKind", { date: where })}
                    value={special ? "special" : "closed"}
                    onChange={(e) =>
                      setAt(i, { ...holiday, spans: e.target.value === "special" ? [{ opens: "10:00", closes: "14:00" }] : [] })
                    }
                  >
                    <option value="closed">{t("automation.hours.closedAllDay")}</option>
                    <option value="special">{t("automation.hours.specialHours")}</option>
                  </select>
                  <button
                    type="button"
                    className="icon-button hours-remove"
                    aria-label={t("automation.hours.removeHoliday", { date: where })}
                    title={t("automation.hours.removeHolidayShort")}
                    onClick={() => onChange(holidays.filter((_, j) => j !== i))}
                  >
                    <Icon name="trash" size={14} />
                  </button>
                </div>
                {problem !== null ? (
                  <span className="hours-problem" role="alert">
                    <Icon name="alert" size={12} />
                    {t(`automation.hours.problems.${problem}`)}
                  </span>
                ) : null}
                {special ? (
                  <div className="hours-holiday-spans">
                    {holiday.spans.map((span, j) => (
                      <SpanRow
                        key={j}
                        id={`holiday-${i}-${j}`}
                        span={span}
                        where={where}
                        problem={problems[i]?.spans[j] ?? null}
                        onChange={(next) => setAt(i, { ...holiday, spans: holiday.spans.map((s, k) => (k === j ? next : s)) })}
                        onRemove={() => setAt(i, { ...holiday, spans: holiday.spans.filter((_, k) => k !== j) })}
                      />
                    ))}
                    <button
                      type="button"
                      className="link-button hours-add"
                      onClick={() => setAt(i, { ...holiday, spans: [...holiday.spans, nextSpan(holiday.spans)] })}
                    >
                      <Icon name="plus" size={13} />
                      {t("automation.hours.addSpan")}
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {serverError !== null ? (
        <span className="hours-problem" role="alert">
          <Icon name="alert" size={12} />
          {serverError}
        </span>
      ) : null}
      <button
        type="button"
        className="button subtle hours-add-holiday"
        data-testid="add-holiday"
        onClick={() => onChange([...holidays, { date: "", spans: [] }])}
      >
        <Icon name="calendar" size={13} />
        {t("automation.hours.addHoliday")}
      </button>
    </div>
  );
}
