import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

type Tone = "green" | "amber" | "red" | "grey";

function Pill({ tone, children, testId, title }: { tone: Tone; children: string; testId?: string; title?: string }) {
  return (
    <span className={`wa-pill tone-${tone}`} data-testid={testId} data-tone={tone} title={title}>
      <span className="wa-pill-dot" aria-hidden="true" />
      {children}
    </span>
  );
}

const QUALITY_TONE: Record<string, Tone> = { GREEN: "green", YELLOW: "amber", RED: "red" };

/** Meta's quality rating: GREEN (high), YELLOW (medium), RED (low), anything else unknown. */
export function QualityPill({ rating }: { rating: string | null }) {
  const { t } = useTranslation();
  const value = (rating ?? "UNKNOWN").toUpperCase();
  const tone = QUALITY_TONE[value] ?? "grey";
  const key = tone === "grey" ? "UNKNOWN" : value;
  return (
    <Pill tone={tone} testId="quality-pill" title={t("wa.quality.title")}>
      {t(`wa.quality.${key}`)}
    </Pill>
  );
}

/** 1000 -> "1 000" (no-break space), the same in Spanish and English. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
}

/** TIER_1K -> "1 000 conversations/24 h"; TIER_UNLIMITED -> "Unlimited"; unknown values as they are. */
export function tierWords(tier: string | null, t: TFunction): string {
  if (tier === null || tier.length === 0) return t("wa.tier.unknown");
  if (tier === "TIER_UNLIMITED") return t("wa.tier.unlimited");
  const m = /^TIER_(\d+)(K?)$/.exec(tier);
  if (m === null) return tier;
  const n = Number(m[1]) * (m[2] === "K" ? 1000 : 1);
  return t("wa.tier.perDay", { n: groupDigits(n) });
}

const STATUS_TONE: Record<string, Tone> = {
  APPROVED: "green",
  PENDING: "amber",
  IN_APPEAL: "amber",
  REJECTED: "red",
};

export const KNOWN_STATUSES = ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"] as const;

export function templateStatusWords(status: string, t: TFunction): string {
  return t(`wa.templateStatus.${status}`, { defaultValue: status });
}

/** APPROVED green, PENDING amber, REJECTED red, PAUSED/DISABLED (and the rest) grey. */
export function TemplateStatusPill({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Pill tone={STATUS_TONE[status] ?? "grey"} testId="template-status">
      {templateStatusWords(status, t)}
    </Pill>
  );
}

export function categoryWords(category: string, t: TFunction): string {
  return t(`wa.category.${category.toLowerCase()}`, { defaultValue: category });
}

/** Meta's rejection reason in words where known (INVALID_FORMAT, PROMOTIONAL, …). */
export function rejectionWords(reason: string, t: TFunction): string {
  return t(`wa.rejection.${reason}`, { defaultValue: reason });
}
