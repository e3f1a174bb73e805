import type { ApiError, BrandDetail, BrandInput } from "../../bindings";

/** The brand form as typed. */
export interface BrandForm {
  id: number | null;
  name: string;
  country: string;
  memberIds: number[];
}

export type BrandField = "name" | "country" | "members";

/** The countries offered first (ISO 3166-1 alpha-2). */
export const COMMON_COUNTRIES: readonly string[] = ["ES", "MX", "CO", "AR", "CL", "PE", "US"];

export function emptyBrand(): BrandForm {
  return { id: null, name: "", country: "ES", memberIds: [] };
}

export function brandToForm(b: BrandDetail): BrandForm {
  return { id: b.brand.id, name: b.brand.name, country: b.brand.country, memberIds: [...b.member_ids] };
}

/** What is wrong with the form, as i18n keys under `team.brands.problems` per field. */
export function brandProblems(form: BrandForm): Partial<Record<BrandField, string>> {
  const problems: Partial<Record<BrandField, string>> = {};
  if (form.name.trim() === "") problems.name = "nameRequired";
  if (!/^[A-Za-z]{2}$/.test(form.country.trim())) problems.country = "countryCode";
  return problems;
}

export function brandFormToInput(form: BrandForm): BrandInput {
  return { id: form.id, name: form.name.trim(), country: form.country.trim().toUpperCase(), member_ids: form.memberIds };
}

/** The field a refusal of the core concerns (its message names it), or null for the form as a whole. */
export function brandFieldOfError(error: ApiError): BrandField | null {
  if (error.code === "not_found" && error.message.startsWith("member")) return "members";
  if (error.code !== "bad_input") return null;
  const m = error.message.toLowerCase();
  if (m.includes("country")) return "country";
  if (m.includes("name")) return "name";
  return null;
}

/** "España", "México"… in the interface's language; the code itself when unknown. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
