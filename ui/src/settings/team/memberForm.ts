import type { ApiError, Availability, MemberInput, Role, TeamMemberDto } from "../../bindings";

/** The member form as typed (capacity as text: empty = no limit). */
export interface MemberForm {
  id: number | null;
  name: string;
  email: string;
  role: Role;
  availability: Availability;
  capacity: string;
  accountIds: number[];
}

export type MemberField = "name" | "email" | "role" | "capacity" | "accounts";

export const ROLES: readonly Role[] = ["owner", "admin", "agent"];
export const AVAILABILITIES: readonly Availability[] = ["online", "away", "offline"];

export function emptyMember(accountIds: number[]): MemberForm {
  return { id: null, name: "", email: "", role: "agent", availability: "online", capacity: "", accountIds };
}

export function memberToForm(m: TeamMemberDto): MemberForm {
  return {
    id: m.member.id,
    name: m.member.name,
    email: m.member.email,
    role: m.member.role,
    availability: m.member.availability,
    capacity: m.member.capacity === null ? "" : String(m.member.capacity),
    accountIds: [...m.account_ids],
  };
}

/** What is wrong with the form, as i18n keys under `team.problems` per field. */
export function memberProblems(form: MemberForm): Partial<Record<MemberField, string>> {
  const problems: Partial<Record<MemberField, string>> = {};
  if (form.name.trim() === "") problems.name = "nameRequired";
  const email = form.email.trim();
  if (email === "") problems.email = "emailRequired";
  else if (!/^[^@\s]+@[^@\s]+$/.test(email)) problems.email = "emailInvalid";
  const capacity = form.capacity.trim();
  if (capacity !== "" && !/^\d+$/.test(capacity)) problems.capacity = "capacityNumber";
  else if (capacity !== "" && Number(capacity) < 1) problems.capacity = "capacityMin";
  return problems;
}

export function formToInput(form: MemberForm): MemberInput {
  const capacity = form.capacity.trim();
  return {
    id: form.id,
    name: form.name.trim(),
    email: form.email.trim(),
    role: form.role,
    availability: form.availability,
    capacity: capacity === "" ? null : Number(capacity),
    account_ids: form.accountIds,
  };
}

/** The field a refusal of the core concerns (its message names it), or null for the form as a whole. */
export function fieldOfError(error: ApiError): MemberField | null {
  if (error.code !== "bad_input") return null;
  const m = error.message.toLowerCase();
  if (m.includes("email")) return "email";
  if (m.includes("name")) return "name";
  if (m.includes("owner")) return "role";
  if (m.includes("capacity")) return "capacity";
  return null;
}
