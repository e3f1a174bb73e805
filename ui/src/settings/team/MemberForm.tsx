import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto } from "../../bindings";
import { useSaveMember } from "../../backend/teamQueries";
import { ChannelIcon } from "../../components/ChannelBadge";
import { Modal } from "../../components/Modal";
import { Field, describedBy } from "../whatsapp/fields";
import { FormFooter } from "../../components/FormFooter";
import {
  AVAILABILITIES,
  ROLES,
  fieldOfError,
  formToInput,
  memberProblems,
  type MemberField,
  type MemberForm as Form,
} from "./memberForm";

/** Add or edit a member: who they are, their role and load, and the accounts they may see. */
export function MemberForm({
  initial,
  accounts,
  onClose,
}: {
  initial: Form;
  accounts: AccountDto[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(initial);
  const [tried, setTried] = useState(false);
  const save = useSaveMember();
  const nameRef = useRef<HTMLInputElement>(null);
  const adding = initial.id === null;

  const local = memberProblems(form);
  const serverField = save.error !== null ? fieldOfError(save.error) : null;
  const problemsOf = (field: MemberField): string[] => {
    const out: string[] = [];
    const key = local[field];
    if (key !== undefined && (tried || field === "capacity")) out.push(t(`team.problems.${key}`));
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
    save.mutate(formToInput(form), { onSuccess: onClose });
  };

  const toggleAccount = (id: number, on: boolean) =>
    set({ accountIds: on ? [...form.accountIds, id].sort((a, b) => a - b) : form.accountIds.filter((a) => a !== id) });

  const text = (field: "name" | "email", type: string) => {
    const id = `member-${field}`;
    const problems = problemsOf(field);
    return (
      <Field id={id} label={t(`team.fields.${field}`)} problems={problems}>
        <input
          id={id}
          ref={field === "name" ? nameRef : undefined}
          className="wa-input"
          type={type}
          autoComplete="off"
          value={form[field]}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={describedBy(id, false, problems)}
          onChange={(e) => set({ [field]: e.target.value })}
        />
      </Field>
    );
  };

  const roleProblems = problemsOf("role");
  const capacityProblems = problemsOf("capacity");
  const general = save.error !== null && serverField === null ? save.error.message : null;

  return (
    <Modal
      title={adding ? t("team.addTitle") : t("team.editTitle", { name: initial.name })}
      onClose={onClose}
      className="member-modal"
      testId="member-form"
      initialFocus={nameRef}
    >
      <form onSubmit={submit} noValidate>
        <div className="member-form-grid">
          {text("name", "text")}
          {text("email", "email")}
          <Field id="member-role" label={t("team.fields.role")} help={t(`team.roleHelp.${form.role}`)} problems={roleProblems}>
            <select
              id="member-role"
              className="select"
              value={form.role}
              aria-describedby={describedBy("member-role", true, roleProblems)}
              aria-invalid={roleProblems.length > 0 || undefined}
              onChange={(e) => set({ role: e.target.value as Form["role"] })}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="member-capacity"
            label={t("team.fields.capacity")}
            help={t("team.capacityHelp")}
            problems={capacityProblems}
          >
            <input
              id="member-capacity"
              className="wa-input"
              inputMode="numeric"
              placeholder={t("team.noLimit")}
              value={form.capacity}
              aria-invalid={capacityProblems.length > 0 || undefined}
              aria-describedby={describedBy("member-capacity", true, capacityProblems)}
              onChange={(e) => set({ capacity: e.target.value })}
            />
          </Field>
        </div>
        <fieldset className="member-fieldset">
          <legend className="wa-label">{t("team.fields.availability")}</legend>
          <div className="wa-segmented">
            {AVAILABILITIES.map((a) => (
              <label key={a} className={`wa-segment${form.availability === a ? " active" : ""}`}>
                <input
                  type="radio"
                  name="member-availability"
                  value={a}
                  checked={form.availability === a}
                  onChange={() => set({ availability: a })}
                />
                <span className={`presence-dot presence-${a}`} aria-hidden="true" />
                {t(`availability.${a}`)}
              </label>
            ))}
          </div>
          <p className="wa-help">{t("team.availabilityHelp")}</p>
        </fieldset>
        <fieldset className="member-fieldset">
          <legend className="wa-label">{t("team.fields.accounts")}</legend>
          <p className="wa-help">{t("team.accountsHelp")}</p>
          {accounts.length === 0 ? (
            <p className="muted">{t("settings.noAccounts")}</p>
          ) : (
            <ul className="member-accounts" data-testid="member-accounts">
              {accounts.map((account) => (
                <li key={account.id}>
                  <label className="member-account">
                    <input
                      type="checkbox"
                      checked={form.accountIds.includes(account.id)}
                      onChange={(e) => toggleAccount(account.id, e.target.checked)}
                    />
                    <ChannelIcon channel={account.channel} size={16} />
                    <span className="member-account-name">{account.name}</span>
                    <span className="muted small">{account.address}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <FormFooter
          error={general}
          errorTestId="member-error"
          saveTestId="member-save"
          saving={save.isPending}
          saveLabel={adding ? t("team.add") : t("team.saveChanges")}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
