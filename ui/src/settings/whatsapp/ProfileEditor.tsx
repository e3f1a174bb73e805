import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { BusinessProfile } from "../../bindings";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice, CharCounter, Field, Notice, describedBy } from "./fields";
import {
  MAX_WEBSITES,
  PROFILE_LIMITS,
  VERTICALS,
  profileProblems,
  toForm,
  toProfile,
  type ProfileField,
  type ProfileForm,
} from "./profileRules";
import { useBusinessProfile, useUpdateBusinessProfile } from "./waQueries";

/** ACC-13: the WhatsApp business profile customers see, with Meta's limits. */
export function ProfileEditor({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const profile = useBusinessProfile(accountId);
  const [saved, setSaved] = useState(false);
  if (profile.isPending) return <p className="muted wa-loading">{t("common.loading")}</p>;
  if (profile.isError) {
    return (
      <div className="wa-page">
        <ApiErrorNotice error={profile.error} testId="wa-profile-load-error" />
        <button type="button" className="button" onClick={() => void profile.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  return (
    <ProfileFormView
      // a fresh form whenever the core returns a new profile (after saving)
      key={JSON.stringify(profile.data)}
      accountId={accountId}
      original={profile.data}
      saved={saved}
      onSaved={setSaved}
    />
  );
}

function ProfileFormView({
  accountId,
  original,
  saved,
  onSaved,
}: {
  accountId: number;
  original: BusinessProfile;
  saved: boolean;
  onSaved: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<ProfileForm>(() => toForm(original));
  const update = useUpdateBusinessProfile();
  const problems = profileProblems(form, original);
  const changed = JSON.stringify(form) !== JSON.stringify(toForm(original));
  const canSave = changed && problems.length === 0 && !update.isPending;

  const messages = (field: ProfileField) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => t(`wa.profile.problems.${p.key}`, { max: p.max }));

  const set = (patch: Partial<ProfileForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (saved) onSaved(false);
    if (update.isError) update.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSave) return;
    update.mutate({ account_id: accountId, profile: toProfile(form, original) }, { onSuccess: () => onSaved(true) });
  };

  const text = (
    field: "about" | "address" | "description" | "email",
    max: number,
    control: (props: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode,
  ) => {
    const id = `wa-profile-${field}`;
    const list = messages(field);
    return (
      <Field
        id={id}
        label={t(`wa.profile.fields.${field}`)}
        help={t(`wa.profile.help.${field}`)}
        counter={<CharCounter value={form[field]} max={max} />}
        problems={list}
      >
        {control({ id, describedBy: describedBy(id, true, list), invalid: list.length > 0 })}
      </Field>
    );
  };

  return (
    <form className="wa-page" data-testid="wa-profile" onSubmit={submit} noValidate>
      <div className="settings-card wa-form">
        {original.profile_picture_url !== null ? (
          <div className="wa-field">
            <span className="wa-label">{t("wa.profile.picture")}</span>
            <p className="wa-help">{t("wa.profile.pictureHelp")}</p>
          </div>
        ) : null}
        {text("about", PROFILE_LIMITS.about, (p) => (
          <input
            id={p.id}
            className="wa-input"
            value={form.about}
            aria-describedby={p.describedBy}
            aria-invalid={p.invalid || undefined}
            onChange={(e) => set({ about: e.target.value })}
          />
        ))}
        {text("description", PROFILE_LIMITS.description, (p) => (
          <textarea
            id={p.id}
            className="wa-input wa-textarea"
            rows={4}
            value={form.description}
            aria-describedby={p.describedBy}
            aria-invalid={p.invalid || undefined}
            onChange={(e) => set({ description: e.target.value })}
          />
        ))}
        {text("address", PROFILE_LIMITS.address, (p) => (
          <input
            id={p.id}
            className="wa-input"
            value={form.address}
            aria-describedby={p.describedBy}
            aria-invalid={p.invalid || undefined}
            onChange={(e) => set({ address: e.target.value })}
          />
        ))}
        {text("email", PROFILE_LIMITS.email, (p) => (
          <input
            id={p.id}
            className="wa-input"
            type="email"
            value={form.email}
            aria-describedby={p.describedBy}
            aria-invalid={p.invalid || undefined}
            onChange={(e) => set({ email: e.target.value })}
          />
        ))}
        {Array.from({ length: MAX_WEBSITES }, (_, i) => {
          const field = `websites[${i}]` as ProfileField;
          const id = `wa-profile-website-${i}`;
          const list = messages(field);
          const value = form.websites[i] ?? "";
          return (
            <Field
              key={field}
              id={id}
              label={t("wa.profile.fields.website", { n: i + 1 })}
              help={i === 0 ? t("wa.profile.help.websites") : undefined}
              counter={<CharCounter value={value} max={PROFILE_LIMITS.website} />}
              problems={list}
            >
              <input
                id={id}
                className="wa-input"
                type="url"
                placeholder="https://"
                value={value}
                aria-describedby={describedBy(id, i === 0, list)}
                aria-invalid={list.length > 0 || undefined}
                onChange={(e) => {
                  const websites: [string, string] = [...form.websites];
                  websites[i] = e.target.value;
                  set({ websites });
                }}
              />
            </Field>
          );
        })}
        <Field id="wa-profile-vertical" label={t("wa.profile.fields.vertical")} help={t("wa.profile.help.vertical")}>
          <select
            id="wa-profile-vertical"
            className="select"
            value={form.vertical}
            aria-describedby="wa-profile-vertical-help"
            onChange={(e) => set({ vertical: e.target.value })}
          >
            {(original.vertical ?? "") === "" ? <option value="">{t("wa.profile.noVertical")}</option> : null}
            {original.vertical !== null && original.vertical !== "" && !(VERTICALS as readonly string[]).includes(original.vertical) ? (
              <option value={original.vertical}>{original.vertical}</option>
            ) : null}
            {VERTICALS.map((v) => (
              <option key={v} value={v}>
                {t(`wa.vertical.${v}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {update.isError ? <ApiErrorNotice error={update.error} testId="wa-profile-error" /> : null}
      {saved ? (
        <Notice tone="ok" testId="wa-profile-saved">
          {t("wa.profile.saved")}
        </Notice>
      ) : null}
      <div className="wa-actions">
        <span className="wa-actions-spacer" />
        <button type="button" className="button" disabled={!changed || update.isPending} onClick={() => set(toForm(original))}>
          {t("wa.profile.discard")}
        </button>
        <button type="submit" className="button primary" data-testid="wa-profile-save" disabled={!canSave}>
          {update.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
          {update.isPending ? t("wa.saving") : t("wa.save")}
        </button>
      </div>
    </form>
  );
}
