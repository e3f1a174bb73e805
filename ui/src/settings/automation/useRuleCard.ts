import { useState } from "react";
import type { ApiError, AutomationDto } from "../../bindings";
import { useSetAutomation } from "../../backend/teamQueries";

export interface RuleCardState<T> {
  /** What the card shows: the edits, else what the core keeps. */
  value: T;
  dirty: boolean;
  set: (value: T) => void;
  discard: () => void;
  /** Saves the account's rules with this card's part replaced (the rest as the core keeps it). */
  save: () => void;
  saving: boolean;
  /** Saved since the last edit. */
  saved: boolean;
  error: ApiError | null;
}

/**
 * One card of an account's rules: its own edits over what the core keeps,
 * saved on their own. The account's other parts are sent as stored, so
 * unsaved edits in another card are neither saved nor lost.
 */
export function useRuleCard<T>(
  automation: AutomationDto,
  stored: T,
  apply: (automation: AutomationDto, value: T) => AutomationDto,
): RuleCardState<T> {
  // boxed: a card's value may itself be null (always open)
  const [draft, setDraft] = useState<{ value: T } | null>(null);
  const [saved, setSaved] = useState(false);
  const mutation = useSetAutomation();
  const value = draft === null ? stored : draft.value;
  const dirty = draft !== null && JSON.stringify(draft.value) !== JSON.stringify(stored);
  return {
    value,
    dirty,
    set: (next) => {
      setDraft({ value: next });
      setSaved(false);
      if (mutation.isError) mutation.reset();
    },
    discard: () => {
      setDraft(null);
      mutation.reset();
    },
    save: () =>
      mutation.mutate(apply(automation, value), {
        onSuccess: () => {
          setDraft(null);
          setSaved(true);
        },
      }),
    saving: mutation.isPending,
    saved,
    error: mutation.error,
  };
}
