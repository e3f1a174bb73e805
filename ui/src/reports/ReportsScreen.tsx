import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { HoursFilter, ReportDto, WorkspaceDto } from "../bindings";
import { useReport } from "../backend/libraryQueries";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { BarChart, type BarRow } from "./BarChart";
import { formatBusinessTime } from "./format";
import { defaultPeriod, periodRange, type Period } from "./period";
import { ReportFilters } from "./ReportFilters";
import { SummaryCards } from "./SummaryCards";
import "../settings/whatsapp/whatsapp.css";
import "./reports.css";

const CHANNEL_COLOR = { whatsapp: "var(--wa)", email: "var(--email)" } as const;

/** "1 Mar – 11 Mar 2026": the days a period covers (its end is exclusive). */
function rangeWords(from: string, to: string, locale: string): string {
  const last = new Date(new Date(to).getTime() - 1);
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" }).formatRange(new Date(from), last);
}

/** REP-1: conversations started in a period, resolved, and their response and resolution times in business hours. */
export function ReportsScreen({ workspace }: { workspace: WorkspaceDto }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(now));
  const [hours, setHours] = useState<HoursFilter>("all");
  const range = periodRange(period, now);
  // day boundaries only: the same query (and cache key) all day while the clock ticks
  const query = range === null ? null : { from: range.from, to: range.to, hours };
  const report = useReport(query ?? { from: "", to: "", hours }, query !== null);

  return (
    <main className="reports-screen" data-testid="reports-screen" aria-labelledby="reports-title">
      <div className="reports-inner">
        <header className="reports-header">
          <span className="reports-icon" aria-hidden="true">
            <Icon name="chart" size={18} />
          </span>
          <div>
            <h1 id="reports-title" className="reports-title">
              {t("reports.title")}
            </h1>
            <p className="reports-intro">{t("reports.intro")}</p>
          </div>
        </header>
        <ReportFilters period={period} onPeriod={setPeriod} hours={hours} onHours={setHours} badRange={range === null} />
        {query === null ? null : report.isPending ? (
          <p className="muted" aria-busy="true">
            {t("common.loading")}
          </p>
        ) : report.isError ? (
          <div className="wa-notice error" role="alert" data-testid="report-error">
            <Icon name="alert" size={16} />
            <div>
              <strong>{t("reports.error")}</strong>
              <p className="wa-notice-detail">{report.error.message}</p>
              <button type="button" className="button" onClick={() => void report.refetch()}>
                {t("common.retry")}
              </button>
            </div>
          </div>
        ) : report.data.total.conversations === 0 ? (
          <div className="reports-empty" data-testid="report-empty">
            <Icon name="chart" size={36} />
            <h2>{t("reports.empty")}</h2>
            <p className="muted">{t("reports.emptyHint")}</p>
          </div>
        ) : (
          <Figures report={report.data} workspace={workspace} range={rangeWords(query.from, query.to, i18n.language)} stale={report.isPlaceholderData} />
        )}
      </div>
    </main>
  );
}

function Figures({ report, workspace, range, stale }: { report: ReportDto; workspace: WorkspaceDto; range: string; stale: boolean }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const time = (secs: number) => formatBusinessTime(secs, t);
  const times = [
    { key: "first", label: t("reports.charts.firstResponse"), tone: "solid" as const },
    { key: "resolution", label: t("reports.charts.resolution"), tone: "soft" as const },
  ];
  const channels: BarRow[] = report.by_channel.map((c) => ({
    key: c.channel,
    label: t(`channel.${c.channel}`),
    color: CHANNEL_COLOR[c.channel],
    values: [c.figures.conversations, c.figures.resolved],
  }));
  const members: BarRow[] = report.by_member.map((m) => {
    const member = workspace.members.find((x) => x.id === m.member_id);
    return {
      key: String(m.member_id),
      label: m.member_id === null ? t("reports.unassigned") : (member?.name ?? t("reports.formerMember")),
      values: [m.figures.first_response.median_secs, m.figures.resolution.median_secs],
    };
  });
  const tags: BarRow[] = report.by_tag.map((g) => {
    const tag = workspace.tags.find((x) => x.id === g.tag_id);
    return {
      key: String(g.tag_id),
      label: tag?.name ?? t("reports.deletedTag"),
      color: tag?.color ?? "var(--text-subtle)",
      values: [g.figures.first_response.median_secs, g.figures.resolution.median_secs],
    };
  });
  return (
    <div className={`report-figures${stale ? " stale" : ""}`} data-testid="report-figures" aria-busy={stale || undefined}>
      <SummaryCards total={report.total} range={range} />
      <div className="report-charts">
        <BarChart
          id="chart-channels"
          title={t("reports.charts.byChannel")}
          series={[
            { key: "conversations", label: t("reports.charts.conversations"), tone: "solid" },
            { key: "resolved", label: t("reports.charts.resolved"), tone: "soft" },
          ]}
          rows={channels}
          format={number}
        />
        <BarChart id="chart-members" title={t("reports.charts.byMember")} series={times} rows={members} format={time} />
        {tags.length > 0 ? <BarChart id="chart-tags" title={t("reports.charts.byTag")} series={times} rows={tags} format={time} /> : null}
      </div>
      <p className="reports-note">
        <Icon name="clock" size={13} />
        {t("reports.businessTime")}
      </p>
    </div>
  );
}
