/** Colours offered for a tag; any other "#rrggbb" may be chosen too. */
export const TAG_PRESETS = [
  "#dc2626",
  "#ea580c",
  "#d97706",
  "#16a34a",
  "#0d9488",
  "#0891b2",
  "#2563eb",
  "#4f46e5",
  "#7c3aed",
  "#db2777",
  "#64748b",
] as const;

export function isColor(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value);
}

/** A colour for a tag created inline: the next preset, round the list. */
export function nextTagColor(taken: number): string {
  return TAG_PRESETS[taken % TAG_PRESETS.length] ?? "#4f46e5";
}
