import { useState, type KeyboardEvent, type ReactNode } from "react";
import "./suggestions.css";

export interface SuggestionItem {
  key: string;
  label: ReactNode;
  /** A second line or a note on the right. */
  detail?: ReactNode;
  icon?: ReactNode;
}

/**
 * The keyboard side of a list of suggestions driven from a text box (the
 * focus stays in the box; the active option is announced through
 * `aria-activedescendant`): ↑/↓ move, Enter or Tab pick, Esc closes.
 */
export function useSuggestionKeys(count: number) {
  const [active, setActive] = useState(0);
  const current = count === 0 ? -1 : Math.min(active, count - 1);
  /** Handles a key of the text box; true when it was the list's. */
  const onKeyDown = (e: KeyboardEvent, pick: (index: number) => void, close: () => void): boolean => {
    if (e.nativeEvent.isComposing) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (count === 0) return false;
      e.preventDefault();
      setActive((current + (e.key === "ArrowDown" ? 1 : count - 1)) % count);
      return true;
    }
    if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
      if (current < 0) return false;
      e.preventDefault();
      pick(current);
      return true;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
      return true;
    }
    return false;
  };
  return { active: current, setActive, onKeyDown };
}

export function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}

/** The listbox of suggestions under (or over) a text box. */
export function SuggestionList({
  id,
  label,
  items,
  active,
  onPick,
  onHover,
  header,
  footer,
  empty,
  className,
  testId,
}: {
  id: string;
  label: string;
  items: SuggestionItem[];
  active: number;
  onPick: (index: number) => void;
  onHover: (index: number) => void;
  header?: ReactNode;
  footer?: ReactNode;
  /** Shown when there is nothing to suggest. */
  empty?: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <div className={`suggestions${className ? ` ${className}` : ""}`} data-testid={testId}>
      {header !== undefined ? <div className="suggestions-header">{header}</div> : null}
      {items.length === 0 ? (
        empty !== undefined ? (
          <p className="suggestions-empty" role="status">
            {empty}
          </p>
        ) : null
      ) : (
        <ul id={id} role="listbox" aria-label={label} className="suggestions-list">
          {items.map((item, i) => (
            <li
              key={item.key}
              id={optionId(id, i)}
              role="option"
              aria-selected={i === active}
              className={`suggestion${i === active ? " active" : ""}`}
              data-testid="suggestion"
              // keep the focus in the text box
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => onHover(i)}
              onClick={() => onPick(i)}
            >
              {item.icon !== undefined ? <span className="suggestion-icon">{item.icon}</span> : null}
              <span className="suggestion-text">
                <span className="suggestion-label">{item.label}</span>
                {item.detail !== undefined ? <span className="suggestion-detail">{item.detail}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {footer !== undefined ? <div className="suggestions-footer">{footer}</div> : null}
    </div>
  );
}
