import type { ReactNode } from "react";

/** An on/off switch: a checkbox with the switch role, its label and an optional help line. */
export function Switch({
  id,
  checked,
  onChange,
  label,
  help,
  disabled = false,
  testId,
}: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  help?: ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <div className="rule-switch-row">
      <span className="rule-switch-text">
        <label htmlFor={id} className="wa-label">
          {label}
        </label>
        {help !== undefined ? (
          <span id={`${id}-help`} className="wa-help">
            {help}
          </span>
        ) : null}
      </span>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="rule-switch"
        checked={checked}
        disabled={disabled}
        aria-checked={checked}
        aria-describedby={help !== undefined ? `${id}-help` : undefined}
        data-testid={testId}
        onChange={(e) => onChange(e.target.checked)}
      />
    </div>
  );
}
