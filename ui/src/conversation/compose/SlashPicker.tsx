import { useTranslation } from "react-i18next";
import { Icon } from "../../components/Icon";
import { SuggestionList } from "../../components/Suggestions";
import "./compose.css";
import { MissingValuesForm } from "./MissingValuesForm";
import type { SlashTemplates } from "./useSlashTemplates";

export const SLASH_LIST_ID = "slash-templates";

/** Over the reply box: the "/" list of reply templates, or the form asking for missing values. */
export function SlashPicker({ slash, onCancelMissing }: { slash: SlashTemplates; onCancelMissing: () => void }) {
  const { t } = useTranslation();
  if (slash.missing !== null) {
    return (
      <MissingValuesForm
        missing={slash.missing}
        busy={slash.rendering}
        onSubmit={slash.fillMissing}
        onCancel={() => {
          slash.cancelMissing();
          onCancelMissing();
        }}
      />
    );
  }
  const error = slash.error ?? slash.list.error;
  if (!slash.open && error === null) return null;
  return (
    <div className="slash-popover">
      {slash.open ? (
        <SuggestionList
          id={SLASH_LIST_ID}
          testId="slash-picker"
          label={t("templates.picker.label")}
          header={
            <>
              <Icon name="template" size={12} />
              {t("templates.picker.label")}
            </>
          }
          items={slash.matches.map((template) => ({
            key: String(template.id),
            label: template.name,
            detail: template.content.replace(/\s+/g, " "),
          }))}
          active={slash.active}
          onPick={slash.pick}
          onHover={slash.setActive}
          empty={
            slash.list.isPending
              ? t("templates.picker.loading")
              : slash.list.isError
                ? t("templates.picker.failed", { message: slash.list.error.message })
                : slash.query === ""
                  ? t("templates.picker.empty")
                  : t("templates.picker.noMatch", { query: slash.query })
          }
          footer={slash.matches.length > 0 ? t("templates.picker.hint") : undefined}
        />
      ) : null}
      {slash.error !== null ? (
        <p className="error-text slash-error" role="alert">
          {t("templates.picker.insertFailed", { message: slash.error.message })}
        </p>
      ) : null}
    </div>
  );
}
