import { useTranslation } from "react-i18next";
import { useCloseDemo } from "../backend/queries";
import { Icon } from "../components/Icon";

export function DemoBanner() {
  const { t } = useTranslation();
  const closeDemo = useCloseDemo();
  return (
    <div className="demo-banner" role="status" data-testid="demo-banner">
      <span className="demo-pill">{t("demo.badge")}</span>
      <span>{t("demo.text")}</span>
      <button
        type="button"
        className="demo-leave"
        onClick={() => closeDemo.mutate()}
        disabled={closeDemo.isPending}
        data-testid="leave-demo"
      >
        <Icon name="leave" size={13} />
        {t("demo.leave")}
      </button>
      {closeDemo.isError ? <span className="error-text">{closeDemo.error.message}</span> : null}
    </div>
  );
}
