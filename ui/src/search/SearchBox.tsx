import type { KeyboardEvent, Ref } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../components/Icon";

export function SearchBox({
  value,
  onChange,
  onEscape,
  onArrowDown,
  inputRef,
}: {
  value: string;
  onChange: (value: string) => void;
  onEscape: () => void;
  onArrowDown: () => void;
  inputRef: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onEscape();
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      onArrowDown();
    }
  };
  return (
    <div className="search-box" role="search">
      <Icon name="search" size={15} className="search-icon" />
      <input
        ref={inputRef}
        type="search"
        className="search-input"
        data-testid="search-input"
        placeholder={t("search.placeholder")}
        aria-label={t("search.label")}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      {value.length > 0 ? (
        <button type="button" className="search-clear" onClick={onEscape} aria-label={t("search.clear")}>
          <Icon name="x" size={14} />
        </button>
      ) : (
        <kbd className="search-kbd" aria-hidden="true">
          /
        </kbd>
      )}
    </div>
  );
}
