import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TagDto } from "../../bindings";
import { useCreateTag, useUpdateTag } from "../../backend/libraryQueries";
import { Icon } from "../../components/Icon";
import { Modal } from "../../components/Modal";
import { TagChip } from "../../components/TagChip";
import { foldName } from "../../lib/mentions";
import { Field, describedBy } from "../whatsapp/fields";
import { TAG_PRESETS, isColor } from "./tagColors";
import { FormFooter } from "../../components/FormFooter";

export interface TagDraft {
  id: number | null;
  name: string;
  description: string;
  color: string;
}

/** Creates a tag or edits one: name, description and colour (a few presets, or any other). */
export function TagForm({ initial, tags, onClose }: { initial: TagDraft; tags: TagDto[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const create = useCreateTag();
  const update = useUpdateTag();
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const nameRef = useRef<HTMLInputElement>(null);
  const adding = initial.id === null;

  const name = draft.name.trim();
  const taken = tags.find((tag) => tag.id !== draft.id && foldName(tag.name) === foldName(name));
  const nameProblems = [
    ...(tried && name === "" ? [t("tags.problems.nameRequired")] : []),
    ...(name !== "" && taken !== undefined ? [t("tags.problems.nameTaken", { name: taken.name })] : []),
    ...(error !== null && /name/i.test(error.message) ? [error.message] : []),
  ];
  const colorProblems = isColor(draft.color) ? [] : [t("tags.problems.colorInvalid")];
  const general = error !== null && !/name/i.test(error.message) ? error.message : null;

  const set = (patch: Partial<TagDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    create.reset();
    update.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (name === "" || taken !== undefined || colorProblems.length > 0 || saving) return;
    const fields = { name, description: draft.description.trim(), color: draft.color.toLowerCase() };
    if (draft.id === null) create.mutate(fields, { onSuccess: onClose });
    else update.mutate({ id: draft.id, ...fields }, { onSuccess: onClose });
  };

  return (
    <Modal
      title={adding ? t("tags.addTitle") : t("tags.editTitle", { name: initial.name })}
      onClose={onClose}
      className="tag-modal"
      testId="tag-form"
      initialFocus={nameRef}
    >
      <form onSubmit={submit} noValidate>
        <Field id="tag-name" label={t("tags.fields.name")} problems={nameProblems}>
          <input
            ref={nameRef}
            id="tag-name"
            className="wa-input"
            autoComplete="off"
            value={draft.name}
            maxLength={60}
            aria-invalid={nameProblems.length > 0 || undefined}
            aria-describedby={describedBy("tag-name", false, nameProblems)}
            onChange={(e) => set({ name: e.target.value })}
          />
        </Field>
        <Field id="tag-description" label={t("tags.fields.description")} help={t("tags.fields.descriptionHelp")}>
          <input
            id="tag-description"
            className="wa-input"
            autoComplete="off"
            value={draft.description}
            maxLength={200}
            aria-describedby="tag-description-help"
            onChange={(e) => set({ description: e.target.value })}
          />
        </Field>
        <fieldset className="tag-colors">
          <legend className="wa-label">{t("tags.fields.color")}</legend>
          <div className="tag-swatches" role="radiogroup" aria-label={t("tags.fields.color")}>
            {TAG_PRESETS.map((color) => (
              <label key={color} className={`tag-swatch-choice${draft.color.toLowerCase() === color ? " active" : ""}`} title={color}>
                <input
                  type="radio"
                  name="tag-color"
                  value={color}
                  checked={draft.color.toLowerCase() === color}
                  aria-label={t("tags.fields.preset", { color })}
                  onChange={() => set({ color })}
                />
                <span className="tag-swatch-dot" style={{ background: color }} aria-hidden="true">
                  {draft.color.toLowerCase() === color ? <Icon name="check" size={13} /> : null}
                </span>
              </label>
            ))}
            <label className="tag-custom-color" title={t("tags.fields.customColor")}>
              <input
                type="color"
                data-testid="tag-color-picker"
                value={isColor(draft.color) ? draft.color : "#4f46e5"}
                aria-label={t("tags.fields.customColor")}
                onChange={(e) => set({ color: e.target.value })}
              />
            </label>
            <input
              className="wa-input wa-mono tag-hex"
              data-testid="tag-color"
              aria-label={t("tags.fields.color")}
              value={draft.color}
              maxLength={7}
              aria-invalid={colorProblems.length > 0 || undefined}
              onChange={(e) => set({ color: e.target.value.trim() })}
            />
          </div>
          {colorProblems.length > 0 ? (
            <p className="error-text" role="alert">
              {colorProblems[0]}
            </p>
          ) : null}
        </fieldset>
        <div className="tag-preview">
          <span className="wa-label">{t("tags.preview")}</span>
          <TagChip tag={{ id: 0, name: name === "" ? t("tags.fields.name") : name, description: draft.description, color: isColor(draft.color) ? draft.color : "#64748b" }} />
        </div>
        <FormFooter
          error={general}
          errorTestId="tag-error"
          saveTestId="tag-save"
          saving={saving}
          saveLabel={adding ? t("tags.create") : t("tags.save")}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
