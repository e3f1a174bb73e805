import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { UsageDto, WorkspaceDto } from "../../bindings";
import { useSetPlanLimit, useUsage } from "../../backend/libraryQueries";
import { ChannelIcon } from "../../components/ChannelBadge";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice } from "../whatsapp/fields";
import "../whatsapp/whatsapp.css";
import "./usage.css";

/** How full a meter is: fine, near its limit (80 %), at or over it. */
function level(used: number, limit: number | null): "ok" | "near" | "full" {
  if (limit === null || limit <= 0) return "ok";
  if (used >= limit) return "full";
  return used / limit >= 0.8 ? "near" : "ok";
}

function Meter({ used, limit, label }: { used: number; limit: number | null; label: string }) {
  // no limit: nothing to measure against
  if (limit === null) return <span className="usage-meter none" aria-hidden="true" />;
  const share = limit === null || limit <= 0 ? 0 : Math.min(1, used / limit);
  return (
    <span
      className={`usage-meter ${level(used, limit)}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={limit ?? used}
      aria-valuenow={used}
    >
      <span className="usage-meter-fill" style={{ width: `${share * 100}%` }} />
    </span>
  );
}

/**
 * Plan usage (WA-9): conversations started this month against the plan's
 * limit, each WhatsApp number's business-initiated conversations in the last
 * 24 hours against its tier, and (owners and admins) the limit itself.
 */
export function UsageCard({ workspace }: { workspace: WorkspaceDto }) {
  const { t, i18n } = useTranslation();
  const usage = useUsage();
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const canManage = workspace.me.role !== "agent";

  return (
    <div className="settings-card usage-card" data-testid="usage-card">
      <header className="usage-head">
        <span className="rule-card-icon usage-icon" aria-hidden="true">
          <Icon name="chart" size={16} />
        </span>
        <div>
          <h3 className="usage-title">{t("usage.title")}</h3>
          <p className="usage-intro">{t("usage.intro")}</p>
        </div>
      </header>
      {usage.isPending ? <p className="muted usage-body">{t("common.loading")}</p> : null}
      {usage.isError ? (
        <div className="usage-body">
          <ApiErrorNotice error={usage.error} testId="usage-error" />
        </div>
      ) : null}
      {usage.data !== undefined ? (
        <div className="usage-body">
          <Conversations usage={usage.data} format={number} />
          <div className="usage-numbers">
            <h4 className="wa-label">{t("usage.numbers")}</h4>
            {usage.data.numbers.length === 0 ? (
              <p className="muted small">{t("usage.noNumbers")}</p>
            ) : (
              <ul data-testid="usage-numbers">
                {usage.data.numbers.map((n) => {
                  const account = workspace.accounts.find((a) => a.id === n.account_id);
                  const name = account?.name ?? String(n.account_id);
                  const words =
                    n.tier_limit === null
                      ? t("usage.tierUnknown", { used: number(n.business_initiated_24h) })
                      : t("usage.tierOf", { used: number(n.business_initiated_24h), limit: number(n.tier_limit) });
                  return (
                    <li key={n.account_id} className="usage-number" data-testid="usage-number">
                      <span className="usage-number-name" title={account?.address}>
                        <ChannelIcon channel="whatsapp" size={14} />
                        {name}
                      </span>
                      <Meter used={n.business_initiated_24h} limit={n.tier_limit} label={`${name}: ${words}`} />
                      <span className="usage-number-value">{words}</span>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          {canManage ? <LimitForm limit={usage.data.plan_limit} /> : <p className="muted small">{t("usage.readOnly")}</p>}
        </div>
      ) : null}
    </div>
  );
}

function Conversations({ usage, format }: { usage: UsageDto; format: (n: number) => string }) {
  const { t, i18n } = useTranslation();
  const used = usage.conversations_this_month;
  const limit = usage.plan_limit;
  const state = level(used, limit);
  const words = limit === null ? t("usage.noLimit", { used: format(used) }) : t("usage.ofLimit", { used: format(used), limit: format(limit) });
  const percent =
    limit === null ? null : new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 0 }).format(used / limit);
  return (
    <div className="usage-conversations" data-testid="usage-conversations">
      <div className="usage-row">
        <span className="wa-label">{t("usage.conversations")}</span>
        <span className="usage-figure" data-testid="usage-figure">
          {words}
        </span>
      </div>
      <Meter used={used} limit={limit} label={`${t("usage.conversations")}: ${words}`} />
      {percent !== null ? <span className="usage-percent">{t("usage.percent", { percent })}</span> : null}
      {state !== "ok" ? (
        <p className={`usage-warning ${state}`} role="status">
          <Icon name="alert" size={14} />
          {state === "full" ? t("usage.overLimit") : t("usage.nearLimit")}
        </p>
      ) : null}
    </div>
  );
}

function LimitForm({ limit }: { limit: number | null }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(limit === null ? "" : String(limit));
  const [saved, setSaved] = useState(false);
  const save = useSetPlanLimit();
  const text = value.trim();
  const parsed = text === "" ? null : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  const invalid = parsed !== null && (Number.isNaN(parsed) || parsed < 1);
  const dirty = parsed !== limit;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid || !dirty || save.isPending) return;
    save.mutate(parsed, { onSuccess: () => setSaved(true) });
  };

  return (
    <form className="usage-limit" onSubmit={submit} noValidate>
      <label htmlFor="plan-limit" className="wa-label">
        {t("usage.limit")}
      </label>
      <div className="usage-limit-row">
        <input
          id="plan-limit"
          className="wa-input"
          inputMode="numeric"
          data-testid="plan-limit"
          placeholder={t("usage.limitPlaceholder")}
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby="plan-limit-help"
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
            if (save.isError) save.reset();
          }}
        />
        <button type="submit" className="button" data-testid="plan-limit-save" disabled={invalid || !dirty || save.isPending}>
          {save.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
          {t("usage.saveLimit")}
        </button>
        {saved && !dirty ? (
          <span className="rule-card-saved" data-testid="plan-limit-saved">
            <Icon name="check" size={13} />
            {t("usage.saved")}
          </span>
        ) : null}
      </div>
      <p id="plan-limit-help" className={invalid ? "error-text small" : "wa-help"}>
        {invalid ? t("usage.limitInvalid") : t("usage.limitHelp")}
      </p>
      {save.isError ? <ApiErrorNotice error={save.error} testId="plan-limit-error" /> : null}
    </form>
  );
}
