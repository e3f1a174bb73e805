import { useId, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { ConversationDetail, WaTemplateDto } from "../bindings";
import { useSendTemplate, useWaTemplateList } from "../backend/queries";
import { toApiError } from "../backend/types";
import { Icon } from "../components/Icon";
import { FormattedText } from "../lib/waFormat";
import { initialValues, renderTemplate, templateFields, unsendableReason, type TemplateField } from "./templateFields";

/** Where Settings lists an account's WhatsApp templates (sync and create). */
export function templateSettingsHash(accountId: number): string {
  return `#/settings/whatsapp/${accountId}/templates`;
}

function statusLabel(template: WaTemplateDto, t: TFunction): string {
  const reason = unsendableReason(template);
  if (reason === "media_header") {
    return t("composer.templates.needsMedia", { format: (template.media_header ?? "").toLowerCase() });
  }
  const status = template.status.toUpperCase();
  return t(`composer.templates.status.${status}`, { defaultValue: template.status });
}

function fieldLabel(field: TemplateField, t: TFunction): string {
  if (field.slot === "header") return t("composer.templates.headerField", { name: field.name });
  if (field.slot === "button") return t("composer.templates.buttonField", { name: field.name });
  return `{{${field.name}}}`;
}

/** What the customer will see: header, body with the values typed so far, footer and buttons. */
function Preview({ template, values }: { template: WaTemplateDto; values: string[] }) {
  const { t } = useTranslation();
  const rendered = renderTemplate(template, values);
  return (
    <div className="template-preview" data-testid="template-preview" aria-label={t("composer.templates.preview")}>
      {rendered.header !== null && rendered.header.length > 0 ? (
        <div className="template-preview-header">{rendered.header}</div>
      ) : null}
      <div className="message-text template-preview-body" data-testid="template-preview-body">
        <FormattedText text={rendered.body} />
      </div>
      {template.footer !== null && template.footer.length > 0 ? (
        <div className="template-preview-footer">{template.footer}</div>
      ) : null}
      {template.buttons.length > 0 ? (
        <div className="template-preview-buttons">
          {template.buttons.map((b, i) => (
            <span key={i} className="template-preview-button">
              {b}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/**
 * The composer when only a template may go out (WA-6, TPL-4): the account's
 * templates (approved ones first; the rest shown disabled with their status),
 * a search box, and for the chosen one a live preview with one input per
 * value. Sending needs every value.
 */
export function TemplatePicker({
  detail,
  hintId,
  onSent,
  onCancel,
}: {
  detail: ConversationDetail;
  hintId: string;
  onSent?: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const searchId = useId();
  const errorId = useId();
  const { summary, account, contact } = detail;
  const list = useWaTemplateList(account.id);
  const send = useSendTemplate();
  const [search, setSearch] = useState("");
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [values, setValues] = useState<string[]>([]);

  const all = useMemo(() => list.data?.items ?? [], [list.data]);
  const needle = search.trim().toLowerCase();
  const matches = (tpl: WaTemplateDto) =>
    needle.length === 0 ||
    tpl.name.toLowerCase().includes(needle) ||
    tpl.body.toLowerCase().includes(needle) ||
    tpl.language.toLowerCase().includes(needle);
  const sendable = all.filter((tpl) => unsendableReason(tpl) === null);
  const unavailable = all.filter((tpl) => unsendableReason(tpl) !== null);
  const shownSendable = sendable.filter(matches);
  const shownUnavailable = unavailable.filter(matches);
  const selected = sendable.find((tpl) => tpl.id === selectedId) ?? null;
  const fields = selected === null ? [] : templateFields(selected);
  const complete = selected !== null && values.length === selected.param_count && values.every((v) => v.trim().length > 0);
  const error = send.error === null ? null : toApiError(send.error);

  const choose = (tpl: WaTemplateDto) => {
    setSelectedId(tpl.id);
    setValues(initialValues(tpl, contact.name));
    send.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (selected === null || !complete || send.isPending) return;
    send.mutate(
      { conversation_id: summary.id, template_id: selected.id, params: values.map((v) => v.trim()) },
      {
        onSuccess: () => {
          setSelectedId(null);
          setValues([]);
          onSent?.();
        },
      },
    );
  };

  const settingsLink = (
    <a className="button subtle" href={templateSettingsHash(account.id)} data-testid="template-settings-link">
      <Icon name="gear" size={12} />
      {t("composer.templates.openSettings")}
    </a>
  );

  return (
    <div className="template-picker" data-testid="template-picker">
      <div className="template-picker-head">
        <Icon name="template" size={16} />
        <h3 className="template-picker-title">{t("composer.templates.title")}</h3>
        {onCancel !== undefined ? (
          <button type="button" className="link-button" onClick={onCancel} data-testid="template-cancel">
            {t("composer.templates.backToText")}
          </button>
        ) : null}
      </div>
      <p id={hintId} className="composer-hint template-hint" data-testid="composer-hint">
        {t("composer.templates.hint")}
      </p>
      {list.data !== undefined && list.data.messaging_limit !== null ? (
        <p
          className={`template-quota${list.data.business_initiated_24h * 5 >= list.data.messaging_limit * 4 ? " warn" : ""}`}
          data-testid="template-quota"
          role={list.data.business_initiated_24h >= list.data.messaging_limit ? "alert" : undefined}
        >
          {t(
            list.data.business_initiated_24h >= list.data.messaging_limit
              ? "composer.templates.quotaReached"
              : "composer.templates.quota",
            { used: list.data.business_initiated_24h, limit: list.data.messaging_limit },
          )}
        </p>
      ) : null}

      <div className="template-picker-body">
        <div className="template-list-column">
          {list.isPending ? (
            <p className="template-state" aria-busy="true">
              {t("common.loading")}
            </p>
          ) : list.isError ? (
            <div className="template-state error" role="alert">
              <span>{t("composer.templates.loadFailed", { message: toApiError(list.error).message })}</span>
              <button type="button" className="button subtle" onClick={() => void list.refetch()}>
                {t("common.retry")}
              </button>
            </div>
          ) : (
            <>
              <label htmlFor={searchId} className="visually-hidden">
                {t("composer.templates.search")}
              </label>
              <input
                id={searchId}
                type="search"
                className="text-input template-search"
                placeholder={t("composer.templates.searchPlaceholder")}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                data-testid="template-search"
              />
              {sendable.length === 0 ? (
                <div className="template-empty" data-testid="template-empty">
                  <p>{t("composer.templates.empty")}</p>
                  {settingsLink}
                </div>
              ) : null}
              <ul className="template-list" aria-label={t("composer.templates.listLabel")}>
                {shownSendable.map((tpl) => (
                  <li key={tpl.id}>
                    <button
                      type="button"
                      className={`template-item${tpl.id === selectedId ? " selected" : ""}`}
                      aria-pressed={tpl.id === selectedId}
                      onClick={() => choose(tpl)}
                      data-testid="template-option"
                    >
                      <span className="template-item-top">
                        <span className="template-item-name">{tpl.name}</span>
                        <span className="template-item-meta">
                          {tpl.language} · {t(`composer.templates.category.${tpl.category.toUpperCase()}`, { defaultValue: tpl.category })}
                        </span>
                      </span>
                      <span className="template-item-body">{tpl.body}</span>
                    </button>
                  </li>
                ))}
                {shownUnavailable.map((tpl) => (
                  <li key={tpl.id}>
                    <button
                      type="button"
                      className="template-item unavailable"
                      disabled
                      data-testid="template-option"
                      title={tpl.reason ?? undefined}
                    >
                      <span className="template-item-top">
                        <span className="template-item-name">{tpl.name}</span>
                        <span className={`template-status status-${tpl.status.toLowerCase()}`}>{statusLabel(tpl, t)}</span>
                      </span>
                      <span className="template-item-body">{tpl.body}</span>
                    </button>
                  </li>
                ))}
                {all.length > 0 && shownSendable.length === 0 && shownUnavailable.length === 0 ? (
                  <li className="template-none">{t("composer.templates.noMatch", { text: search.trim() })}</li>
                ) : null}
              </ul>
              {sendable.length > 0 ? <div className="template-list-footer">{settingsLink}</div> : null}
            </>
          )}
        </div>

        <form className="template-detail" onSubmit={submit} aria-label={t("composer.templates.formLabel")}>
          {selected === null ? (
            <p className="template-detail-empty">{t("composer.templates.choose")}</p>
          ) : (
            <>
              <Preview template={selected} values={values} />
              {fields.length > 0 ? (
                <div className="template-fields">
                  {fields.map((field) => (
                    <label key={field.index} className="template-field">
                      <span className="template-field-name">{fieldLabel(field, t)}</span>
                      <input
                        className="text-input"
                        value={values[field.index] ?? ""}
                        onChange={(e) => {
                          const next = [...values];
                          next[field.index] = e.target.value;
                          setValues(next);
                          if (send.isError) send.reset();
                        }}
                        aria-describedby={error !== null ? errorId : undefined}
                        data-testid="template-param"
                      />
                    </label>
                  ))}
                </div>
              ) : null}
            </>
          )}
          <div className="template-actions">
            {selected !== null && !complete ? (
              <span className="composer-hint">{t("composer.templates.fillAll")}</span>
            ) : (
              <span />
            )}
            <button
              type="submit"
              className="button primary send-button"
              disabled={!complete || send.isPending}
              aria-busy={send.isPending}
              data-testid="send-button"
            >
              <Icon name="send" size={14} />
              {send.isPending ? t("composer.sending") : t("composer.templates.send")}
            </button>
          </div>
          {error !== null ? (
            <p id={errorId} className="error-text composer-error" role="alert" data-testid="send-error">
              {t("composer.templates.sendFailed", { message: error.message })}
            </p>
          ) : null}
        </form>
      </div>
    </div>
  );
}
