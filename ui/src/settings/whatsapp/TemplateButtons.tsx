import { useTranslation } from "react-i18next";
import type { TemplateProblem } from "../../bindings";
import { Icon } from "../../components/Icon";
import { CharCounter, Field, describedBy } from "./fields";
import { LIMITS, buttonIndices, placeholderIndices, problemsAt, type EditorState } from "./templateDraft";
import { useProblemText } from "./useProblemText";

/** Up to 3 quick replies, 1 link and 1 call button (TPL-3), in the order Meta requires. */
export function TemplateButtons({
  state,
  onChange,
  problems,
}: {
  state: EditorState;
  onChange: (patch: Partial<EditorState>) => void;
  /** The problems to show inline (empty while the buttons are untouched). */
  problems: TemplateProblem[];
}) {
  const { t } = useTranslation();
  const text = useProblemText();
  const at = buttonIndices(state);
  const messages = (field: string) => problemsAt(problems, field).map(text);

  const input = (
    id: string,
    field: string,
    label: string,
    value: string,
    max: number,
    set: (v: string) => void,
    extra: { placeholder?: string; help?: string; mono?: boolean } = {},
  ) => {
    const list = messages(field);
    return (
      <Field
        id={id}
        label={label}
        help={extra.help}
        counter={<CharCounter value={value} max={max} />}
        problems={list}
      >
        <input
          id={id}
          className={`wa-input${extra.mono === true ? " wa-mono" : ""}`}
          value={value}
          placeholder={extra.placeholder}
          aria-describedby={describedBy(id, extra.help !== undefined, list)}
          aria-invalid={list.length > 0 || undefined}
          onChange={(e) => set(e.target.value)}
        />
      </Field>
    );
  };

  const removeButton = (label: string, remove: () => void) => (
    <button type="button" className="icon-button wa-remove" aria-label={label} title={label} onClick={remove}>
      <Icon name="x" size={14} />
    </button>
  );

  const groupProblems = messages("buttons");
  return (
    <fieldset id="wa-tpl-buttons" tabIndex={-1} className="wa-buttons" aria-describedby={groupProblems.length > 0 ? "wa-tpl-buttons-problems" : undefined}>
      <legend className="wa-label">{t("wa.editor.buttons")}</legend>
      <p className="wa-help">{t("wa.editor.buttonsHelp")}</p>
      {state.quickReplies.map((value, i) => (
        <div className="wa-button-card" key={`qr-${i}`} data-testid="wa-tpl-quick-reply">
          {input(`wa-tpl-qr-${i}`, `buttons[${at.quickReply(i)}].text`, t("wa.editor.quickReply", { n: i + 1 }), value, LIMITS.quickReplyText, (v) =>
            onChange({ quickReplies: state.quickReplies.map((q, j) => (j === i ? v : q)) }),
          )}
          {removeButton(t("wa.editor.removeButton", { name: t("wa.editor.quickReply", { n: i + 1 }) }), () =>
            onChange({ quickReplies: state.quickReplies.filter((_, j) => j !== i) }),
          )}
        </div>
      ))}
      {state.url !== null ? (
        <div className="wa-button-card" data-testid="wa-tpl-url-button">
          <div className="wa-button-fields">
            {input("wa-tpl-url-text", `buttons[${at.url}].text`, t("wa.editor.urlText"), state.url.text, LIMITS.buttonText, (v) =>
              onChange({ url: { ...(state.url ?? { url: "", example: "" }), text: v } }),
            )}
            {input("wa-tpl-url", `buttons[${at.url}].url`, t("wa.editor.url"), state.url.url, LIMITS.url, (v) =>
              onChange({ url: { ...(state.url ?? { text: "", example: "" }), url: v } }), { placeholder: "https://", help: t("wa.editor.urlHelp"), mono: true },
            )}
            {placeholderIndices(state.url.url).length > 0
              ? input("wa-tpl-url-example", `buttons[${at.url}].example`, t("wa.editor.urlExample"), state.url.example, LIMITS.url, (v) =>
                  onChange({ url: { ...(state.url ?? { text: "", url: "" }), example: v } }), { placeholder: "https://", mono: true },
                )
              : null}
          </div>
          {removeButton(t("wa.editor.removeButton", { name: t("wa.editor.urlButton") }), () => onChange({ url: null }))}
        </div>
      ) : null}
      {state.phone !== null ? (
        <div className="wa-button-card" data-testid="wa-tpl-phone-button">
          <div className="wa-button-fields">
            {input("wa-tpl-phone-text", `buttons[${at.phone}].text`, t("wa.editor.phoneText"), state.phone.text, LIMITS.buttonText, (v) =>
              onChange({ phone: { ...(state.phone ?? { phone_number: "" }), text: v } }),
            )}
            {input("wa-tpl-phone", `buttons[${at.phone}].phone_number`, t("wa.editor.phone"), state.phone.phone_number, LIMITS.phone, (v) =>
              onChange({ phone: { ...(state.phone ?? { text: "" }), phone_number: v } }), { placeholder: "+34612345678", mono: true },
            )}
          </div>
          {removeButton(t("wa.editor.removeButton", { name: t("wa.editor.phoneButton") }), () => onChange({ phone: null }))}
        </div>
      ) : null}
      {groupProblems.length > 0 ? (
        <ul id="wa-tpl-buttons-problems" className="wa-problems" data-testid="problems-buttons">
          {groupProblems.map((p) => (
            <li key={p}>
              <Icon name="alert" size={13} />
              <span>{p}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="wa-add-buttons">
        <button
          type="button"
          className="button subtle"
          data-testid="wa-add-quick-reply"
          disabled={state.quickReplies.length >= LIMITS.quickReplies}
          onClick={() => onChange({ quickReplies: [...state.quickReplies, ""] })}
        >
          <Icon name="reply" size={13} />
          {t("wa.editor.addQuickReply")}
        </button>
        <button
          type="button"
          className="button subtle"
          data-testid="wa-add-url"
          disabled={state.url !== null}
          onClick={() => onChange({ url: { text: "", url: "", example: "" } })}
        >
          <Icon name="external" size={13} />
          {t("wa.editor.addUrl")}
        </button>
        <button
          type="button"
          className="button subtle"
          data-testid="wa-add-phone"
          disabled={state.phone !== null}
          onClick={() => onChange({ phone: { text: "", phone_number: "" } })}
        >
          <Icon name="phone" size={13} />
          {t("wa.editor.addPhone")}
        </button>
      </div>
    </fieldset>
  );
}
