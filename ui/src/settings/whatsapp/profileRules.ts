import { MAX_WEBSITES, PROFILE_LIMITS, VERTICALS, type BusinessProfile } from "../../bindings";
import { charCount } from "./fields";

/** Meta's limits and industries (doc §9.1), generated from `bandeja_domain::wa_profile`. */
export { MAX_WEBSITES, PROFILE_LIMITS, VERTICALS };

/** The editable fields as form text. */
export interface ProfileForm {
  about: string;
  address: string;
  description: string;
  email: string;
  websites: [string, string];
  vertical: string;
}

export type ProfileField = "about" | "address" | "description" | "email" | "websites[0]" | "websites[1]" | "vertical";

/** A problem as an i18n key under `wa.profile.problems` plus its values. */
export interface LocalProblem {
  field: ProfileField;
  key: "tooLong" | "aboutEmpty" | "emailInvalid" | "websiteInvalid";
  max?: number;
}

export function toForm(p: BusinessProfile): ProfileForm {
  return {
    about: p.about ?? "",
    address: p.address ?? "",
    description: p.description ?? "",
    email: p.email ?? "",
    websites: [p.websites[0] ?? "", p.websites[1] ?? ""],
    vertical: p.vertical ?? "",
  };
}

/** The same plausibility check as the core: one `@`, a dotted domain, no spaces. */
export function looksLikeEmail(s: string): boolean {
  const at = s.indexOf("@");
  if (at <= 0 || s.indexOf("@", at + 1) !== -1 || /\s/.test(s)) return false;
  const domain = s.slice(at + 1);
  return (
    !domain.startsWith(".") &&
    !domain.endsWith(".") &&
    !domain.includes("..") &&
    domain.split(".").filter((l) => l.length > 0).length >= 2
  );
}

/** Every field Meta would refuse, checked before anything is sent (ACC-13). */
export function profileProblems(f: ProfileForm, original: BusinessProfile): LocalProblem[] {
  const out: LocalProblem[] = [];
  const tooLong = (field: ProfileField, value: string, max: number) => {
    if (charCount(value) > max) out.push({ field, key: "tooLong", max });
  };
  if (f.about.trim().length === 0 && (original.about ?? "").length > 0) out.push({ field: "about", key: "aboutEmpty" });
  tooLong("about", f.about, PROFILE_LIMITS.about);
  tooLong("address", f.address, PROFILE_LIMITS.address);
  tooLong("description", f.description, PROFILE_LIMITS.description);
  const email = f.email.trim();
  if (charCount(email) > PROFILE_LIMITS.email) out.push({ field: "email", key: "tooLong", max: PROFILE_LIMITS.email });
  else if (email.length > 0 && !looksLikeEmail(email)) out.push({ field: "email", key: "emailInvalid" });
  f.websites.forEach((w, i) => {
    const field = `websites[${i}]` as ProfileField;
    const v = w.trim();
    if (v.length === 0) return;
    if (!/^https?:\/\//.test(v) || v.includes(" ")) out.push({ field, key: "websiteInvalid" });
    else tooLong(field, v, PROFILE_LIMITS.website);
  });
  return out;
}

/** What to send: empty fields that were never set stay unset; the picture is read-only. */
export function toProfile(f: ProfileForm, original: BusinessProfile): BusinessProfile {
  const text = (value: string, was: string | null) => {
    const v = value.trim();
    return v.length > 0 ? v : was === null || was.length === 0 ? null : "";
  };
  const email = f.email.trim();
  return {
    about: text(f.about, original.about),
    address: text(f.address, original.address),
    description: text(f.description, original.description),
    email: email.length > 0 ? email : null,
    websites: f.websites.map((w) => w.trim()).filter((w) => w.length > 0),
    vertical: f.vertical.length > 0 ? f.vertical : original.vertical,
    profile_picture_url: original.profile_picture_url,
  };
}
