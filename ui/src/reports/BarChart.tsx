import { useId, useState, type CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../components/Icon";

export interface Series {
  key: string;
  label: string;
  /** "solid" or a lighter shade of the row's (or the chart's) colour. */
  tone: "solid" | "soft";
}

export interface BarRow {
  key: string;
  label: string;
  /** The row's colour (a tag's); else the chart's accent. */
  color?: string;
  /** One value per series; null: no data. */
  values: Array<number | null>;
}

/**
 * Horizontal bars, hand-written in HTML and CSS: one group per row, one bar
 * per series, scaled to the largest value of the chart. Each bar says its
 * value in words for screen readers, and the chart can be shown as a table.
 */
export function BarChart({
  id,
  title,
  series,
  rows,
  format,
  color = "var(--accent)",
}: {
  id: string;
  title: string;
  series: Series[];
  rows: BarRow[];
  format: (value: number) => string;
  color?: string;
}) {
  const { t } = useTranslation();
  const tableId = useId();
  const [asTable, setAsTable] = useState(false);
  const max = Math.max(1, ...rows.flatMap((r) => r.values.filter((v): v is number => v !== null)));
  const none = t("reports.charts.none");

  return (
    <figure className="report-chart settings-card" data-testid={id} aria-labelledby={`${id}-title`}>
      <header className="report-chart-head">
        <figcaption id={`${id}-title`} className="report-chart-title">
          {title}
        </figcaption>
        <button
          type="button"
          className="link-button report-chart-toggle"
          aria-expanded={asTable}
          aria-controls={tableId}
          data-testid={`${id}-table-toggle`}
          onClick={() => setAsTable((v) => !v)}
        >
          <Icon name="list" size={13} />
          {asTable ? t("reports.charts.hideTable") : t("reports.charts.showTable")}
        </button>
      </header>
      {series.length > 1 ? (
        <ul className="report-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key}>
              <span
                className={`report-swatch ${s.tone}`}
                // rows of their own colours (channels, tags): a neutral key
                style={{ "--bar-color": rows.some((r) => r.color !== undefined) ? "var(--text-muted)" : color } as CSSProperties}
              />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      {asTable ? (
        <table id={tableId} className="report-table" data-testid={`${id}-table`}>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{title}</span>
              </th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {row.values.map((v, i) => (
                  <td key={series[i]?.key ?? i}>{v === null ? none : format(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <ul id={tableId} className="report-bars" aria-label={title}>
          {rows.map((row) => (
            <li key={row.key} className="report-bar-group" data-testid={`${id}-row`}>
              <span className="report-bar-label" title={row.label}>
                {row.color !== undefined ? <span className="report-dot" style={{ background: row.color }} aria-hidden="true" /> : null}
                {row.label}
              </span>
              <span className="report-bar-lines">
                {row.values.map((v, i) => {
                  const s = series[i];
                  const words = v === null ? none : format(v);
                  const label = series.length > 1 ? `${s?.label ?? ""}: ${words}` : words;
                  return (
                    <span key={s?.key ?? i} className="report-bar-line" role="img" aria-label={t("reports.charts.barLabel", { name: row.label, value: label })}>
                      <span className="report-bar-track">
                        <span
                          className={`report-bar ${s?.tone ?? "solid"}`}
                          style={{ width: v === null ? 0 : `${Math.max(1.5, (v / max) * 100)}%`, "--bar-color": row.color ?? color } as CSSProperties}
                        />
                      </span>
                      <span className={`report-bar-value${v === null ? " muted" : ""}`} aria-hidden="true">
                        {words}
                      </span>
                    </span>
                  );
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
