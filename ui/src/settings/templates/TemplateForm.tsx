import { useRef, useState, type CSSProperties, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TemplateDto, WorkspaceDto } from "../../bindings";
import { useSaveTemplate } from "../../backend/libraryQueries";
import { ChannelIcon } from "../../components/ChannelBadge";
import { Icon } from "../../components/Icon";
import { Modal } from "../../components/Modal";
import { KNOWN_VARIABLES, normalizeVariable, templateVariables } from "../../lib/templateVars";
import { Field, describedBy } from "../whatsapp/fields";
import { TEMPLATE_TYPES, templateProblems } from "./templateDraft";
import { FormFooter } from "../../components/FormFooter";

/** Adds or edits one of the business's templates: name, account or shared, type, tags and text with variables. */
export function TemplateForm({ initial, workspace, onClose }: { initial: TemplateDto; workspace: WorkspaceDto; onClose: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const save = useSaveTemplate();
  const nameRef = useRef<HTMLInputElement>(null);
  const contentRef = useRef<HTMLTextAreaElement>(null);
  const adding = initial.id === 0;
  const local = templateProblems(draft);
  const variables = templateVariables(draft.content);
  const known = new Set<string>(KNOWN_VARIABLES.filter((v) => v !== "quote_number"));

  const problemsOf = (field: "name" | "content"): string[] => {
    const key = local[field];
    const out = key !== undefined && (tried || key === "unclosed") ? [t(`templates.problems.${key}`, { example: "{{quote_number}}" })] : [];
    if (save.error !== null && new RegExp(field === "name" ? "name" : "text", "i").test(save.error.message)) out.push(save.error.message);
    return out;
  };
  const nameProblems = problemsOf("name");
  const contentProblems = problemsOf("content");
  const general = save.error !== null && nameProblems.length + contentProblems.length === 0 ? save.error.message : null;

  const set = (patch: Partial<TemplateDto>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (save.isError) save.reset();
  };

  /** Puts `{{name}}` where the cursor is. */
  const insertVariable = (name: string) => {
    const el = contentRef.current;
    const at = el?.selectionStart ?? draft.content.length;
    const end = el?.selectionEnd ?? at;
    const token = `{{${name}}}`;
    set({ content: draft.content.slice(0, at) + token + draft.content.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(local).length > 0 || save.isPending) return;
    save.mutate({ ...draft, name: draft.name.trim(), variables }, { onSuccess: onClose });
  };

  const toggleTag = (id: number, on: boolean) =>
    set({ tag_ids: on ? [...draft.tag_ids, id] : draft.tag_ids.filter((x) => x !== id) });

  return (
    <Modal
      title={adding ? t("templates.addTitle") : t("templates.editTitle", { name: initial.name })}
      onClose={onClose}
      className="template-modal"
      testId="template-form"
      initialFocus={nameRef}
    >
      <form onSubmit={submit} noValidate>
        <div className="template-form-grid">
          <Field id="template-name" label={t("templates.fields.name")} problems={nameProblems}>
            <input
              ref={nameRef}
              id="template-name"
              className="wa-input"
              autoComplete="off"
              maxLength={120}
              value={draft.name}
              aria-invalid={nameProblems.length > 0 || undefined}
              aria-describedby={describedBy("template-name", false, nameProblems)}
              onChange={(e) => set({ name: e.target.value })}
            />
          </Field>
          <Field id="template-account" label={t("templates.fields.account")}>
            <select
              id="template-account"
              className="select"
              value={draft.account_id ?? ""}
              onChange={(e) => set({ account_id: e.target.value === "" ? null : Number(e.target.value) })}
            >
              <option value="">{t("templates.sharedLong")}</option>
              {workspace.accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="template-fieldset">
          <legend className="wa-label">{t("templates.fields.type")}</legend>
          <div className="wa-segmented">
            {TEMPLATE_TYPES.map((type) => (
              <label key={type} className={`wa-segment${draft.template_type === type ? " active" : ""}`}>
                <input
                  type="radio"
                  name="template-type"
                  value={type}
                  checked={draft.template_type === type}
                  onChange={() => set({ template_type: type })}
                />
                {t(`templates.type.${type}`)}
              </label>
            ))}
          </div>
          <p className="wa-help">{t(`templates.typeHelp.${draft.template_type}`)}</p>
        </fieldset>
        {workspace.tags.length > 0 ? (
          <fieldset className="template-fieldset">
            <legend className="wa-label">{t("templates.fields.tags")}</legend>
            <div className="template-tag-choices">
              {workspace.tags.map((tag) => {
                const on = draft.tag_ids.includes(tag.id);
                return (
                  <label key={tag.id} className={`template-tag-choice${on ? " on" : ""}`} style={{ "--tag-color": tag.color } as CSSProperties}>
                    <input type="checkbox" checked={on} onChange={(e) => toggleTag(tag.id, e.target.checked)} />
                    <span className="tag-dot" aria-hidden="true" />
                    {tag.name}
                  </label>
                );
              })}
            </div>
          </fieldset>
        ) : null}
        <Field
          id="template-content"
          label={t("templates.fields.content")}
          help={t("templates.fields.contentHelp", { list: KNOWN_VARIABLES.map((v) => `{{${v}}}`).join(", ") })}
          problems={contentProblems}
        >
          <textarea
            ref={contentRef}
            id="template-content"
            className="wa-input wa-textarea template-content"
            rows={6}
            value={draft.content}
            aria-invalid={contentProblems.length > 0 || undefined}
            aria-describedby={describedBy("template-content", true, contentProblems)}
            onChange={(e) => set({ content: e.target.value })}
          />
        </Field>
        <div className="template-insert" role="group" aria-label={t("templates.fields.insert")}>
          {KNOWN_VARIABLES.map((name) => (
            <button key={name} type="button" className="template-var-button" title={t("templates.insertVariable", { name })} onClick={() => insertVariable(name)}>
              <Icon name="plus" size={11} />
              {name}
            </button>
          ))}
        </div>
        <div className="template-variables" data-testid="template-variables">
          <span className="wa-label">{t("templates.fields.variables")}</span>
          {variables.length === 0 ? (
            <span className="muted small">{t("templates.fields.noVariables")}</span>
          ) : (
            <ul>
              {variables.map((v) => {
                const filled = known.has(normalizeVariable(v));
                return (
                  <li key={v} className={`template-variable${filled ? " known" : " asked"}`} title={filled ? t("templates.variableKnown") : t("templates.variableAsked")}>
                    <Icon name={filled ? "check" : "pencil"} size={11} />
                    <span className="wa-mono">{v}</span>
                    <span className="visually-hidden">{filled ? t("templates.variableKnown") : t("templates.variableAsked")}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <FormFooter
          error={general}
          errorTestId="template-error"
          saveTestId="template-save"
          saving={save.isPending}
          saveLabel={adding ? t("templates.create") : t("templates.save")}
          onCancel={onClose}
          before={
            draft.account_id !== null ? (
              <span className="muted small template-form-account">
                <ChannelIcon channel={workspace.accounts.find((a) => a.id === draft.account_id)?.channel ?? "whatsapp"} size={12} />
                {workspace.accounts.find((a) => a.id === draft.account_id)?.address}
              </span>
            ) : null
          }
        />
      </form>
    </Modal>
  );
}
