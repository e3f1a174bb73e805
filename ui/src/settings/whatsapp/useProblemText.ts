import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { TemplateProblem } from "../../bindings";

/** A core problem in the user's language by its stable code; the core's English sentence otherwise. */
export function useProblemText(): (problem: TemplateProblem) => string {
  const { t } = useTranslation();
  return useCallback((p: TemplateProblem) => t(`wa.problems.${p.code}`, { defaultValue: p.message }), [t]);
}
