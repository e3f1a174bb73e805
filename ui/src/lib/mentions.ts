/**
 * @mentions in private notes, as the core reads them
 * (crates/bandeja-domain/src/mention.rs): `@Marta` or `@Marta López` names a
 * member by first or full name, in any case and without accents mattering;
 * an @ inside an email address is not a mention.
 */

/** Lowercase without the accents of Spanish (á → a, ñ → n). */
export function foldName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

const WORD = /[\p{L}\p{N}]/u;

/** The ids of the members `text` mentions, in order, without duplicates. */
export function mentionedIds(text: string, members: ReadonlyArray<{ id: number; name: string }>): number[] {
  const out: number[] = [];
  const chars = [...text];
  for (let k = 0; k < chars.length; k += 1) {
    if (chars[k] !== "@") continue;
    if (k > 0 && WORD.test(chars[k - 1] ?? "")) continue; // ana@tienda.example
    const rest = foldName(chars.slice(k + 1).join(""));
    let best: { len: number; id: number } | null = null;
    for (const member of members) {
      const full = foldName(member.name.trim());
      const first = full.split(/\s+/)[0] ?? "";
      for (const candidate of [full, `"${full}"`, first]) {
        if (candidate === "" || !rest.startsWith(candidate)) continue;
        const next = rest.slice(candidate.length, candidate.length + 1);
        if (next !== "" && WORD.test(next)) continue;
        if (best === null || candidate.length > best.len) best = { len: candidate.length, id: member.id };
      }
    }
    if (best !== null && !out.includes(best.id)) out.push(best.id);
  }
  return out;
}

/**
 * The @word being typed just before the caret ("@mar" → "mar"), with where
 * it starts; null when the caret is not in a mention.
 */
export function mentionAtCaret(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const m = /(^|[^\p{L}\p{N}])@([\p{L}\p{N}]*)$/u.exec(before);
  if (m === null) return null;
  const query = m[2] ?? "";
  return { query, start: caret - query.length - 1 };
}
