import { useTranslation } from "react-i18next";
import type { ConversationStatus, Priority } from "../bindings";
import { Icon } from "./Icon";

export function StatusPill({ status }: { status: ConversationStatus }) {
  const { t } = useTranslation();
  return <span className={`status-pill status-${status}`}>{t(`status.${status}`)}</span>;
}

export function PriorityPill({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <span className={`priority-pill priority-${priority}`} title={t("conversation.priority")}>
      <Icon name="flag" size={12} />
      {t(`priority.${priority}`)}
    </span>
  );
}
