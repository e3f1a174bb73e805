import { useTranslation } from "react-i18next";
import { useOpenDemo } from "../backend/queries";
import { Icon } from "../components/Icon";
import { LanguageSelect } from "../settings/LanguageSelect";

export function Welcome() {
  const { t } = useTranslation();
  const openDemo = useOpenDemo();
  return (
    <div className="welcome" data-testid="welcome">
      <main className="welcome-card">
        <span className="logo large" aria-hidden="true">
          <Icon name="inbox" size={28} />
        </span>
        <h1>{t("welcome.title")}</h1>
        <p className="welcome-lead">{t("welcome.lead")}</p>
        <ul className="welcome-points">
          <li>
            <Icon name="whatsapp" size={18} />
            <span>{t("welcome.pointChannels")}</span>
          </li>
          <li>
            <Icon name="users" size={18} />
            <span>{t("welcome.pointTeam")}</span>
          </li>
          <li>
            <Icon name="lock" size={18} />
            <span>{t("welcome.pointLocal")}</span>
          </li>
        </ul>
        <button
          type="button"
          className="button primary large"
          data-testid="open-demo"
          onClick={() => openDemo.mutate()}
          disabled={openDemo.isPending}
        >
          <Icon name="play" size={16} />
          {openDemo.isPending ? t("welcome.opening") : t("welcome.openDemo")}
        </button>
        {openDemo.isError ? (
          <p className="error-text" role="alert">
            {t("welcome.demoError", { message: openDemo.error.message })}
          </p>
        ) : null}
        <p className="welcome-or">{t("welcome.connectOwn")}</p>
        <div className="welcome-connect">
          <a className="button large" href="#/settings/whatsapp/connect" data-testid="connect-whatsapp">
            <Icon name="whatsapp" size={16} />
            {t("welcome.connectWhatsapp")}
          </a>
          <a className="button large" href="#/settings/email/connect" data-testid="connect-email">
            <Icon name="mail" size={16} />
            {t("welcome.connectEmail")}
          </a>
        </div>
        <p className="welcome-note">{t("welcome.connectNote")}</p>
        <div className="welcome-footer">
          <Icon name="globe" size={14} />
          <LanguageSelect compact />
        </div>
      </main>
    </div>
  );
}
