import { useTranslation } from "react-i18next";
import type { Figures, Times } from "../bindings";
import { Icon, type IconName } from "../components/Icon";
import { formatBusinessTime, formatPercent } from "./format";

function Card({ id, icon, label, value, sub }: { id: string; icon: IconName; label: string; value: string; sub: string }) {
  return (
    <div className="report-card" data-testid={id}>
      <span className="report-card-label">
        <Icon name={icon} size={14} />
        {label}
      </span>
      <span className="report-card-value" data-testid={`${id}-value`}>
        {value}
      </span>
      <span className="report-card-sub">{sub}</span>
    </div>
  );
}

/** Conversations, resolved, median first response and median resolution of the period. */
export function SummaryCards({ total, range }: { total: Figures; range: string }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const time = (times: Times) => (times.median_secs === null ? t("reports.cards.noData") : formatBusinessTime(times.median_secs, t));
  const timeSub = (times: Times) =>
    times.mean_secs === null
      ? t("reports.cards.basedOn", { count: 0 })
      : `${t("reports.cards.mean", { time: formatBusinessTime(times.mean_secs, t) })} · ${t("reports.cards.basedOn", { count: times.count })}`;
  return (
    <div className="report-cards" data-testid="report-cards">
      <Card id="card-conversations" icon="chat" label={t("reports.cards.conversations")} value={number(total.conversations)} sub={range} />
      <Card
        id="card-resolved"
        icon="resolved"
        label={t("reports.cards.resolved")}
        value={number(total.resolved)}
        sub={t("reports.cards.resolvedShare", { percent: formatPercent(total.resolved, total.conversations, i18n.language) })}
      />
      <Card id="card-first-response" icon="reply" label={t("reports.cards.firstResponse")} value={time(total.first_response)} sub={timeSub(total.first_response)} />
      <Card id="card-resolution" icon="clock" label={t("reports.cards.resolution")} value={time(total.resolution)} sub={timeSub(total.resolution)} />
    </div>
  );
}
