import { useTranslation } from "react-i18next";
import type { AccountKind, ChannelKind } from "../bindings";
import { Icon } from "./Icon";

/** "WhatsApp" / "Email" pill; Twilio numbers are labelled as such. */
export function ChannelBadge({
  channel,
  accountKind,
  compact = false,
}: {
  channel: ChannelKind;
  accountKind?: AccountKind;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const label =
    channel === "email"
      ? t("channel.email")
      : accountKind === "twilio_whatsapp"
        ? t("channel.twilio")
        : t("channel.whatsapp");
  return (
    <span className={`channel-badge channel-${channel}${compact ? " compact" : ""}`} title={label}>
      <Icon name={channel === "email" ? "mail" : "whatsapp"} size={compact ? 12 : 13} />
      {compact ? <span className="visually-hidden">{label}</span> : <span>{label}</span>}
    </span>
  );
}

export function ChannelIcon({ channel, size = 15 }: { channel: ChannelKind; size?: number }) {
  return (
    <span className={`channel-icon channel-${channel}`}>
      <Icon name={channel === "email" ? "mail" : "whatsapp"} size={size} />
    </span>
  );
}
