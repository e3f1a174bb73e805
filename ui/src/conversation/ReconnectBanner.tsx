import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto } from "../bindings";
import { Icon } from "../components/Icon";
import { ReconnectDialog } from "../components/ReconnectDialog";

/** Whether an account is a WhatsApp Cloud account the core marked as failing (token expired, revoked…). */
export function needsReconnect(account: AccountDto): boolean {
  return account.kind === "whatsapp_cloud" && account.status.state === "error";
}

/** The bar on top of a conversation whose WhatsApp Cloud account lost its connection. */
export function ReconnectBanner({ account }: { account: AccountDto }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!needsReconnect(account)) return null;
  const reason = account.status.state === "error" ? account.status.reason : "";
  return (
    <div className="reconnect-banner" role="status" data-testid="reconnect-banner">
      <Icon name="alert" size={18} />
      <div className="reconnect-banner-text">
        <strong>{t("reconnect.title")}</strong>
        <span className="reconnect-banner-reason">
          {account.name} · {reason}
        </span>
      </div>
      <button type="button" className="button reconnect-button" onClick={() => setOpen(true)} data-testid="reconnect-open">
        <Icon name="refresh" size={14} />
        {t("reconnect.button")}
      </button>
      {open ? <ReconnectDialog account={account} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
