import { useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TemplateCategory } from "../../bindings";
import { Icon } from "../../components/Icon";
import { useDebounced } from "../../search/useDebounced";
import { ApiErrorNotice, CharCounter, Field, describedBy } from "./fields";
import { TemplateButtons } from "./TemplateButtons";
import { TemplatePreview } from "./TemplatePreview";
import {
  CATEGORIES,
  EMPTY_EDITOR,
  fieldElementId,
  HEADER_KINDS,
  LANGUAGES,
  LIMITS,
  nextVariable,
  placeholderIndices,
  problemGroup,
  problemsAt,
  renderedFields,
  toDraft,
  type EditorState,
  type HeaderKind,
} from "./templateDraft";
import { useProblemText } from "./useProblemText";
import { useCheckWaTemplate, useSubmitWaTemplate } from "./waQueries";

export const CHECK_DEBOUNCE_MS = 300;

/** TPL-3: write a template, see Meta's rules and a live preview, submit it for review. */
export function TemplateEditor({ accountId, onDone, onCancel }: { accountId: number; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const [state, setState] = useState<EditorState>(EMPTY_EDITOR);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const headerRef = useRef<HTMLInputElement>(null);

  const draft = useMemo(() => toDraft(state), [state]);
  const checked = useDebounced(draft, CHECK_DEBOUNCE_MS);
  const check = useCheckWaTemplate(checked);
  const submit = useSubmitWaTemplate(accountId);

  const upToDate = checked === draft && !check.isPlaceholderData && check.isSuccess;
  const problems = check.data?.problems ?? [];
  const rendered = renderedFields(state);
  const inline = problems.filter((p) => touched.has(problemGroup(p.field)) && rendered.has(p.field));
  const canSubmit = upToDate && problems.length === 0 && !submit.isPending;
  const messages = (field: string) => problemsAt(inline, field).map(problemText);

  const change = (group: string, patch: Partial<EditorState>) => {
    setState((s) => ({ ...s, ...patch }));
    setTouched((g) => (g.has(group) ? g : new Set(g).add(group)));
    if (submit.isError) submit.reset();
  };

  /** Inserts the next `{{n}}` at the caret (or the end) and puts the caret after it. */
  const addVariable = (target: "body" | "header") => {
    const el = target === "body" ? bodyRef.current : headerRef.current;
    const text = target === "body" ? state.body : state.headerText;
    const token = nextVariable(target === "body" ? text : "");
    const at = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? at;
    const next = text.slice(0, at) + token + text.slice(end);
    change(target, target === "body" ? { body: next } : { headerText: next });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (canSubmit) submit.mutate(draft, { onSuccess: onDone });
  };

  const bodyIndices = placeholderIndices(state.body);
  const headerHasParam = placeholderIndices(state.headerText).length > 0;
  const described = (id: string, field: string, help: boolean) => describedBy(id, help, messages(field));

  return (
    <form className="wa-editor" data-testid="wa-template-editor" onSubmit={onSubmit} noValidate>
      <div className="wa-editor-form settings-card wa-form">
        <Field id="wa-tpl-name" label={t("wa.editor.name")} help={t("wa.editor.nameHelp")} counter={<CharCounter value={state.name} max={LIMITS.name} />} problems={messages("name")}>
          <input
            id="wa-tpl-name"
            className="wa-input wa-mono"
            value={state.name}
            placeholder="pedido_enviado"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={described("wa-tpl-name", "name", true)}
            aria-invalid={messages("name").length > 0 || undefined}
            onChange={(e) => change("name", { name: e.target.value.toLowerCase().replace(/\s/g, "_") })}
          />
        </Field>
        <div className="wa-field-pair">
          <Field id="wa-tpl-language" label={t("wa.editor.language")} problems={messages("language")}>
            <select id="wa-tpl-language" className="select" value={state.language} aria-describedby={described("wa-tpl-language", "language", false)} onChange={(e) => change("language", { language: e.target.value })}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`wa.languages.${l}`, { defaultValue: l })} ({l})
                </option>
              ))}
            </select>
          </Field>
          <Field id="wa-tpl-category" label={t("wa.editor.category")} help={t(`wa.editor.categoryHelp.${state.category}`)}>
            <select id="wa-tpl-category" className="select" value={state.category} aria-describedby="wa-tpl-category-help" onChange={(e) => change("category", { category: e.target.value as TemplateCategory })}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`wa.category.${c}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>

        <fieldset className="wa-header-kind">
          <legend className="wa-label">{t("wa.editor.header")}</legend>
          <div className="wa-segmented">
            {HEADER_KINDS.map((kind: HeaderKind) => (
              <label key={kind} className={`wa-segment${state.headerKind === kind ? " active" : ""}`}>
                <input type="radio" name="wa-tpl-header-kind" value={kind} checked={state.headerKind === kind} onChange={() => change("header", { headerKind: kind })} />
                {t(`wa.editor.headerKinds.${kind}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {state.headerKind === "text" ? (
          <>
            <Field id="wa-tpl-header-text" label={t("wa.editor.headerText")} counter={<CharCounter value={state.headerText} max={LIMITS.headerText} />} problems={messages("header.text")}>
              <div className="wa-input-row">
                <input ref={headerRef} id="wa-tpl-header-text" className="wa-input" value={state.headerText} aria-describedby={described("wa-tpl-header-text", "header.text", false)} onChange={(e) => change("header", { headerText: e.target.value })} />
                <button type="button" className="button" disabled={headerHasParam} onClick={() => addVariable("header")}>
                  {t("wa.editor.addVariable")}
                </button>
              </div>
            </Field>
            {headerHasParam ? (
              <Field id="wa-tpl-header-example" label={t("wa.editor.exampleFor", { token: "{{1}}" })} problems={messages("header.example")}>
                <input id="wa-tpl-header-example" className="wa-input" value={state.headerExample} aria-describedby={described("wa-tpl-header-example", "header.example", false)} onChange={(e) => change("header", { headerExample: e.target.value })} />
              </Field>
            ) : null}
          </>
        ) : null}
        {state.headerKind !== "none" && state.headerKind !== "text" ? (
          <Field id="wa-tpl-header-handle" label={t("wa.editor.headerHandle")} help={t("wa.editor.headerHandleHelp")} problems={messages("header.example_handle")}>
            <input id="wa-tpl-header-handle" className="wa-input wa-mono" value={state.headerHandle} aria-describedby={described("wa-tpl-header-handle", "header.example_handle", true)} onChange={(e) => change("header", { headerHandle: e.target.value })} />
          </Field>
        ) : null}

        <Field id="wa-tpl-body" label={t("wa.editor.body")} help={t("wa.editor.bodyHelp")} counter={<CharCounter value={state.body} max={LIMITS.body} />} problems={[...messages("body"), ...messages("body_examples")]}>
          <textarea
            ref={bodyRef}
            id="wa-tpl-body"
            className="wa-input wa-textarea"
            rows={5}
            value={state.body}
            placeholder={t("wa.editor.bodyPlaceholder")}
            aria-describedby={describedBy("wa-tpl-body", true, [...messages("body"), ...messages("body_examples")])}
            aria-invalid={messages("body").length > 0 || undefined}
            onChange={(e) => change("body", { body: e.target.value })}
          />
          <div className="wa-under-input">
            <button type="button" className="button subtle" data-testid="wa-add-variable" onClick={() => addVariable("body")}>
              <Icon name="hash" size={13} />
              {t("wa.editor.addVariable")}
            </button>
          </div>
        </Field>
        {bodyIndices.length > 0 ? (
          <div className="wa-examples" data-testid="wa-tpl-examples">
            <p className="wa-help">{t("wa.editor.examplesHelp")}</p>
            {bodyIndices.map((n, i) => {
              const id = `wa-tpl-example-${n}`;
              const field = `body_examples[${i}]`;
              return (
                <Field key={n} id={id} label={t("wa.editor.exampleFor", { token: `{{${n}}}` })} problems={messages(field)} className="wa-example">
                  <input
                    id={id}
                    className="wa-input"
                    value={state.bodyExamples[n - 1] ?? ""}
                    aria-describedby={described(id, field, false)}
                    onChange={(e) => {
                      const bodyExamples = [...state.bodyExamples];
                      while (bodyExamples.length < n) bodyExamples.push("");
                      bodyExamples[n - 1] = e.target.value;
                      change("body", { bodyExamples });
                    }}
                  />
                </Field>
              );
            })}
          </div>
        ) : null}

        <Field id="wa-tpl-footer" label={t("wa.editor.footer")} help={t("wa.editor.footerHelp")} counter={<CharCounter value={state.footer} max={LIMITS.footer} />} problems={messages("footer")}>
          <input id="wa-tpl-footer" className="wa-input" value={state.footer} aria-describedby={described("wa-tpl-footer", "footer", true)} onChange={(e) => change("footer", { footer: e.target.value })} />
        </Field>

        <TemplateButtons state={state} onChange={(patch) => change("buttons", patch)} problems={inline} />
      </div>

      <aside className="wa-editor-side">
        <TemplatePreview state={state} body={check.data?.preview ?? state.body} />
        <div className="wa-submit-box">
          {check.isError ? <ApiErrorNotice error={check.error} /> : null}
          {problems.length > 0 ? (
            <div className="wa-summary" data-testid="wa-tpl-summary">
              <p className="wa-label">{t("wa.editor.toFix", { count: problems.length })}</p>
              <ul className="wa-problems">
                {problems.map((p) => (
                  <li key={`${p.field}-${p.code}`}>
                    <Icon name="alert" size={13} />
                    <button
                      type="button"
                      className="wa-problem-link"
                      onClick={() => {
                        setTouched((g) => new Set(g).add(problemGroup(p.field)));
                        document.getElementById(fieldElementId(p.field, state))?.focus();
                      }}
                    >
                      {problemText(p)}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {upToDate && problems.length === 0 ? (
            <p className="wa-ready" data-testid="wa-tpl-ready">
              <Icon name="check" size={14} /> {t("wa.editor.ready")}
            </p>
          ) : null}
          {submit.isError ? <ApiErrorNotice error={submit.error} testId="wa-submit-error" /> : null}
          <div className="wa-actions">
            <button type="button" className="button" onClick={onCancel}>
              {t("wa.cancel")}
            </button>
            <span className="wa-actions-spacer" />
            <button type="submit" className="button primary" data-testid="wa-tpl-submit" disabled={!canSubmit}>
              {submit.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="send" size={14} />}
              {submit.isPending ? t("wa.editor.submitting") : t("wa.editor.submit")}
            </button>
          </div>
          <p className="wa-help">{t("wa.editor.reviewNote")}</p>
        </div>
      </aside>
    </form>
  );
}
