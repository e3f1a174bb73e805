/** Up to two initials for an avatar: "María José Pérez" -> "MP", "+34 600…" -> "#". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/u)
    .filter((w) => /[\p{L}]/u.test(w));
  if (words.length === 0) return "#";
  const first = [...(words[0] as string)].find((c) => /\p{L}/u.test(c)) ?? "";
  if (words.length === 1) return first.toUpperCase();
  const lastWord = words[words.length - 1] as string;
  const last = [...lastWord].find((c) => /\p{L}/u.test(c)) ?? "";
  return (first + last).toUpperCase();
}

/** A stable pleasant hue for a name, for avatar backgrounds. */
export function hueFor(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}
