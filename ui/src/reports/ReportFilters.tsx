import { useTranslation } from "react-i18next";
import type { HoursFilter } from "../bindings";
import { PERIODS, type Period } from "./period";

const HOURS: readonly HoursFilter[] = ["all", "in_hours", "out_of_hours"];

/** The period (this week, this month, last 30 days, custom dates) and the business-hours filter. */
export function ReportFilters({
  period,
  onPeriod,
  hours,
  onHours,
  badRange,
}: {
  period: Period;
  onPeriod: (period: Period) => void;
  hours: HoursFilter;
  onHours: (hours: HoursFilter) => void;
  badRange: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="report-filters" data-testid="report-filters">
      <fieldset className="report-period">
        <legend className="visually-hidden">{t("reports.period")}</legend>
        <div className="wa-segmented" role="radiogroup" aria-label={t("reports.period")}>
          {PERIODS.map((kind) => (
            <label key={kind} className={`wa-segment${period.kind === kind ? " active" : ""}`}>
              <input
                type="radio"
                name="report-period"
                value={kind}
                checked={period.kind === kind}
                data-testid={`period-${kind}`}
                onChange={() => onPeriod({ ...period, kind })}
              />
              {t(`reports.periods.${kind}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {period.kind === "custom" ? (
        <span className="report-dates">
          <label>
            <span className="wa-label">{t("reports.from")}</span>
            <input
              type="date"
              className="wa-input"
              data-testid="report-from"
              value={period.from}
              max={period.to}
              aria-invalid={badRange || undefined}
              onChange={(e) => onPeriod({ ...period, from: e.target.value })}
            />
          </label>
          <label>
            <span className="wa-label">{t("reports.to")}</span>
            <input
              type="date"
              className="wa-input"
              data-testid="report-to"
              value={period.to}
              min={period.from}
              aria-invalid={badRange || undefined}
              onChange={(e) => onPeriod({ ...period, to: e.target.value })}
            />
          </label>
        </span>
      ) : null}
      <label className="report-hours">
        <span className="wa-label">{t("reports.hours")}</span>
        <select className="select" data-testid="report-hours" value={hours} onChange={(e) => onHours(e.target.value as HoursFilter)}>
          {HOURS.map((h) => (
            <option key={h} value={h}>
              {t(`reports.hoursFilter.${h}`)}
            </option>
          ))}
        </select>
      </label>
      {badRange ? (
        <p className="error-text report-range-error" role="alert">
          {t("reports.badRange")}
        </p>
      ) : null}
    </div>
  );
}
