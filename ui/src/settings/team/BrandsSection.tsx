import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, BrandDetail, MemberDto } from "../../bindings";
import { useBrands, useDeleteBrand, useSaveBrand } from "../../backend/teamQueries";
import { Avatar } from "../../components/Avatar";
import { ChannelIcon } from "../../components/ChannelBadge";
import { Icon } from "../../components/Icon";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Modal } from "../../components/Modal";
import { ApiErrorNotice, Field, describedBy } from "../whatsapp/fields";
import { FormFooter } from "../../components/FormFooter";
import {
  COMMON_COUNTRIES,
  brandFieldOfError,
  brandFormToInput,
  brandProblems,
  brandToForm,
  countryName,
  emptyBrand,
  type BrandField,
  type BrandForm as Form,
} from "./brandForm";

/**
 * The brands of Settings → Team: each groups accounts and names the members
 * the "team brand" assignment rule chooses from. Read-only for agents.
 */
export function BrandsSection({
  members,
  accounts,
  canManage,
}: {
  members: MemberDto[];
  accounts: AccountDto[];
  canManage: boolean;
}) {
  const { t, i18n } = useTranslation();
  const brands = useBrands();
  const [editing, setEditing] = useState<Form | null>(null);
  const [removing, setRemoving] = useState<BrandDetail | null>(null);

  return (
    <section className="brands-section" aria-labelledby="brands-title" data-testid="brands">
      <div className="settings-title-row">
        <h3 id="brands-title">{t("team.brands.title")}</h3>
        {canManage ? (
          <button type="button" className="button" data-testid="add-brand" onClick={() => setEditing(emptyBrand())}>
            <Icon name="plus" size={14} />
            {t("team.brands.add")}
          </button>
        ) : null}
      </div>
      <p className="settings-intro">{t("team.brands.intro")}</p>
      {brands.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : brands.isError ? (
        <ApiErrorNotice error={brands.error} testId="brands-load-error" />
      ) : brands.data.length === 0 ? (
        <p className="muted" data-testid="no-brands">
          {t("team.brands.empty")}
        </p>
      ) : (
        <ul className="settings-card brand-list">
          {brands.data.map((b) => {
            const people = members.filter((m) => b.member_ids.includes(m.id));
            return (
              <li key={b.brand.id} className="brand-row" data-testid="brand" data-id={b.brand.id}>
                <span className="brand-main">
                  <span className="brand-name">{b.brand.name}</span>
                  <span className="muted small" title={b.brand.country}>
                    {countryName(b.brand.country, i18n.language)} · {t("team.brands.accounts", { count: b.account_ids.length })}
                  </span>
                </span>
                {people.length === 0 ? (
                  <span className="muted small brand-members">{t("team.brands.noMembers")}</span>
                ) : (
                  <ul className="team-accounts brand-members" aria-label={t("team.brands.members")}>
                    {people.map((m) => (
                      <li key={m.id} className="team-account">
                        <Avatar name={m.name} color={m.color} size={16} />
                        {m.name}
                      </li>
                    ))}
                  </ul>
                )}
                {canManage ? (
                  <span className="team-actions">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t("team.brands.edit", { name: b.brand.name })}
                      title={t("team.brands.edit", { name: b.brand.name })}
                      data-testid="edit-brand"
                      onClick={() => setEditing(brandToForm(b))}
                    >
                      <Icon name="pencil" size={15} />
                    </button>
                    <button
                      type="button"
                      className="icon-button danger"
                      aria-label={t("team.brands.remove", { name: b.brand.name })}
                      title={t("team.brands.remove", { name: b.brand.name })}
                      data-testid="remove-brand"
                      onClick={() => setRemoving(b)}
                    >
                      <Icon name="trash" size={15} />
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {editing !== null ? (
        <BrandDialog initial={editing} members={members} accounts={accounts} onClose={() => setEditing(null)} />
      ) : null}
      {removing !== null ? <RemoveBrandDialog entry={removing} onClose={() => setRemoving(null)} /> : null}
    </section>
  );
}

/** Add or edit a brand: its name, its country and the members of its "team brand" rule. */
function BrandDialog({
  initial,
  members,
  accounts,
  onClose,
}: {
  initial: Form;
  members: MemberDto[];
  accounts: AccountDto[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Form>(initial);
  const [tried, setTried] = useState(false);
  const save = useSaveBrand();
  const nameRef = useRef<HTMLInputElement>(null);
  const adding = initial.id === null;

  const local = brandProblems(form);
  const serverField = save.error !== null ? brandFieldOfError(save.error) : null;
  const problemsOf = (field: BrandField): string[] => {
    const out: string[] = [];
    const key = local[field];
    if (key !== undefined && tried) out.push(t(`team.brands.problems.${key}`));
    if (save.error !== null && serverField === field) out.push(save.error.message);
    return out;
  };
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (save.isError) save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(local).length > 0 || save.isPending) return;
    save.mutate(brandFormToInput(form), { onSuccess: onClose });
  };
  const toggleMember = (id: number, on: boolean) =>
    set({ memberIds: on ? [...form.memberIds, id].sort((a, b) => a - b) : form.memberIds.filter((m) => m !== id) });

  const countries = COMMON_COUNTRIES.includes(form.country) ? COMMON_COUNTRIES : [...COMMON_COUNTRIES, form.country];
  const nameProblems = problemsOf("name");
  const countryProblems = problemsOf("country");
  const memberProblems = problemsOf("members");
  const general = save.error !== null && serverField === null ? save.error.message : null;
  const brandAccounts = accounts.filter((a) => a.brand_id !== null && a.brand_id === initial.id);

  return (
    <Modal
      title={adding ? t("team.brands.addTitle") : t("team.brands.editTitle", { name: initial.name })}
      onClose={onClose}
      className="member-modal"
      testId="brand-form"
      initialFocus={nameRef}
    >
      <form onSubmit={submit} noValidate>
        <div className="member-form-grid">
          <Field id="brand-name" label={t("team.brands.fields.name")} problems={nameProblems}>
            <input
              id="brand-name"
              ref={nameRef}
              className="wa-input"
              autoComplete="off"
              value={form.name}
              aria-invalid={nameProblems.length > 0 || undefined}
              aria-describedby={describedBy("brand-name", false, nameProblems)}
              onChange={(e) => set({ name: e.target.value })}
            />
          </Field>
          <Field id="brand-country" label={t("team.brands.fields.country")} problems={countryProblems}>
            <select
              id="brand-country"
              className="select"
              value={form.country}
              aria-invalid={countryProblems.length > 0 || undefined}
              aria-describedby={describedBy("brand-country", false, countryProblems)}
              onChange={(e) => set({ country: e.target.value })}
            >
              {countries.map((code) => (
                <option key={code} value={code}>
                  {countryName(code, i18n.language)} ({code})
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="member-fieldset">
          <legend className="wa-label">{t("team.brands.fields.members")}</legend>
          <p className="wa-help">{t("team.brands.membersHelp")}</p>
          <ul className="member-accounts" data-testid="brand-members">
            {members.map((m) => (
              <li key={m.id}>
                <label className="member-account">
                  <input
                    type="checkbox"
                    checked={form.memberIds.includes(m.id)}
                    onChange={(e) => toggleMember(m.id, e.target.checked)}
                  />
                  <Avatar name={m.name} color={m.color} size={20} />
                  <span className="member-account-name">{m.name}</span>
                  <span className="muted small">{t(`role.${m.role}`)}</span>
                </label>
              </li>
            ))}
          </ul>
          {memberProblems.map((p) => (
            <p key={p} className="error-text" role="alert">
              {p}
            </p>
          ))}
        </fieldset>
        {brandAccounts.length > 0 ? (
          <p className="wa-help" data-testid="brand-accounts">
            {t("team.brands.accountsOf")}{" "}
            {brandAccounts.map((a) => (
              <span key={a.id} className="team-account">
                <ChannelIcon channel={a.channel} size={12} />
                {a.name}
              </span>
            ))}
          </p>
        ) : null}
        <FormFooter
          error={general}
          errorTestId="brand-error"
          saveTestId="brand-save"
          saving={save.isPending}
          saveLabel={adding ? t("team.brands.add") : t("team.saveChanges")}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}

function RemoveBrandDialog({ entry, onClose }: { entry: BrandDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteBrand();
  return (
    <ConfirmDialog
      title={t("team.brands.removeTitle", { name: entry.brand.name })}
      text={t("team.brands.removeText")}
      confirmLabel={t("team.removeConfirm")}
      testId="remove-brand-dialog"
      confirmTestId="confirm-remove-brand"
      pending={remove.isPending}
      error={remove.isError ? remove.error.message : null}
      onConfirm={() => remove.mutate(entry.brand.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
