import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TIME_ZONES, type AutomationDto, type HoursDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { isKnownZone } from "../../lib/businessHours";
import { Field, describedBy } from "../whatsapp/fields";
import { HolidaysEditor } from "./HolidaysEditor";
import { RuleCard } from "./RuleCard";
import { Switch } from "./Switch";
import { cleanHours, defaultHours, hoursErrorPlace, hoursProblems } from "./hoursModel";
import { useRuleCard } from "./useRuleCard";
import { WeekEditor } from "./WeekEditor";
import "./hours.css";

/** Every zone the browser knows, after the ones the core offers first. */
function zoneSuggestions(): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...TIME_ZONES, ...all.filter((z) => !(TIME_ZONES as readonly string[]).includes(z))];
}

/** Business hours: always open, or a week of intervals in a time zone, with holidays. */
export function HoursCard({ automation, readOnly }: { automation: AutomationDto; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const card = useRuleCard<HoursDto | null>(automation, automation.hours, (a, hours) => ({
    ...a,
    hours: hours === null ? null : cleanHours(hours),
  }));
  // the week edited before "Always open" was switched on comes back when it is switched off
  const [kept, setKept] = useState<HoursDto | null>(automation.hours);
  const hours = card.value;
  const problems = hours === null ? null : hoursProblems(hours);
  const place = card.error !== null ? hoursErrorPlace(card.error.message) : null;
  const errorAt = (p: typeof place) => (card.error !== null && place === p ? card.error.message : null);
  const zoneProblems = [
    ...(problems?.timezone != null ? [t(`automation.hours.problems.${problems.timezone}`)] : []),
    ...(errorAt("timezone") !== null ? [errorAt("timezone") as string] : []),
  ];
  const zone = hours?.timezone.trim() ?? "";
  const localNow =
    hours !== null && isKnownZone(zone)
      ? new Intl.DateTimeFormat(i18n.language, { weekday: "long", hour: "numeric", minute: "2-digit", timeZone: zone }).format(now)
      : null;

  return (
    <RuleCard
      id="hours-card"
      icon="clock"
      title={t("automation.hours.title")}
      description={t("automation.hours.description")}
      card={card}
      problems={problems?.count ?? 0}
      generalError={place === null && card.error !== null ? card.error.message : null}
      readOnly={readOnly}
    >
      <Switch
        id="hours-always-open"
        testId="always-open"
        checked={hours === null}
        label={t("automation.hours.alwaysOpen")}
        help={t("automation.hours.alwaysOpenHelp")}
        onChange={(on) => {
          if (on) setKept(hours);
          card.set(on ? null : (kept ?? defaultHours()));
        }}
      />
      {hours !== null && problems !== null ? (
        <>
          <Field
            id="hours-timezone"
            label={t("automation.hours.timezone")}
            help={localNow !== null ? t("automation.hours.localNow", { time: localNow }) : t("automation.hours.timezoneHelp")}
            problems={zoneProblems}
            className="hours-zone"
          >
            <input
              id="hours-timezone"
              className="wa-input"
              list="hours-timezones"
              autoComplete="off"
              spellCheck={false}
              value={hours.timezone}
              aria-invalid={zoneProblems.length > 0 || undefined}
              aria-describedby={describedBy("hours-timezone", true, zoneProblems)}
              onChange={(e) => card.set({ ...hours, timezone: e.target.value })}
            />
            <datalist id="hours-timezones">
              {zoneSuggestions().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </Field>
          <WeekEditor hours={hours} problems={problems.days} onChange={card.set} />
          {errorAt("week") !== null ? (
            <span className="hours-problem" role="alert">
              <Icon name="alert" size={12} />
              {errorAt("week")}
            </span>
          ) : null}
          <HolidaysEditor
            holidays={hours.holidays}
            problems={problems.holidays}
            serverError={errorAt("holidays")}
            onChange={(holidays) => card.set({ ...hours, holidays })}
          />
        </>
      ) : null}
    </RuleCard>
  );
}
