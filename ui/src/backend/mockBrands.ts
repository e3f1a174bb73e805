/**
 * DEV-ONLY: the brands of the in-memory mock (`mock.ts`), checked the way the
 * core checks them (crates/bandeja-core/src/team.rs `save_brand`,
 * `delete_brand`; crates/bandeja-api/src/ops_team.rs `list_brands`). A brand
 * groups accounts and names the members of the "team brand" assignment rule.
 * Never part of the production bundle.
 */
import type { AccountDto, Api, BrandDetail, BrandDto, BrandInput, MemberDto, UiEvent } from "../bindings";
import { fail } from "./types";

export const NOT_BRANDS = Symbol("not a brands command");

/** What brands need from the rest of the mock. */
export interface BrandsHost {
  me(): MemberDto;
  members(): MemberDto[];
  /** Every account, with the brand it has in the seed (before any change here). */
  accounts(): AccountDto[];
  maySee(memberId: number, accountId: number): boolean;
  emit(event: UiEvent): void;
}

export class MockBrands {
  private brands: BrandDto[] = [];
  private members = new Map<number, number[]>();
  /** Accounts whose brand changed since the seed (a deleted brand: null). */
  private accountBrand = new Map<number, number | null>();
  private nextId = 10;

  constructor(private readonly host: BrandsHost) {}

  reset(demo: boolean): void {
    this.brands = demo ? [{ id: 1, name: "Ferretería Ríos", country: "ES" }] : [];
    this.members.clear();
    if (demo) this.members.set(1, [1, 2, 3]);
    this.accountBrand.clear();
    this.nextId = 10;
  }

  list(): BrandDto[] {
    return this.brands;
  }

  /** The account with its current brand. */
  withBrand(account: AccountDto): AccountDto {
    const brand = this.accountBrand.has(account.id) ? (this.accountBrand.get(account.id) ?? null) : account.brand_id;
    return { ...account, brand_id: brand !== null && this.brands.some((b) => b.id === brand) ? brand : null };
  }

  handle(cmd: keyof Api, input: unknown): unknown {
    switch (cmd) {
      case "list_brands":
        return this.details();
      case "save_brand":
        return this.save(input as BrandInput);
      case "delete_brand":
        return this.remove((input as Api["delete_brand"]["input"]).brand_id);
      default:
        return NOT_BRANDS;
    }
  }

  private details(): BrandDetail[] {
    const me = this.host.me().id;
    const known = new Set(this.host.members().map((m) => m.id));
    const accounts = this.host.accounts().map((a) => this.withBrand(a)).filter((a) => this.host.maySee(me, a.id));
    return this.brands.map((brand) => ({
      brand,
      member_ids: (this.members.get(brand.id) ?? []).filter((id) => known.has(id)),
      account_ids: accounts.filter((a) => a.brand_id === brand.id).map((a) => a.id),
    }));
  }

  private requireAdmin(): void {
    const role = this.host.me().role;
    if (role !== "owner" && role !== "admin") fail({ code: "forbidden", message: "only owners and admins may manage brands" });
  }

  private save(input: BrandInput): BrandDetail[] {
    this.requireAdmin();
    const name = input.name.trim();
    if (name === "") fail({ code: "bad_input", message: "a brand needs a name" });
    const country = input.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) fail({ code: "bad_input", message: "the country is a two-letter code such as ES or MX" });
    const known = this.host.members();
    const unknown = input.member_ids.find((id) => !known.some((m) => m.id === id));
    if (unknown !== undefined) fail({ code: "not_found", message: `member ${unknown} not found` });
    let id: number;
    if (input.id !== null) {
      const brand = this.brands.find((b) => b.id === input.id);
      if (brand === undefined) fail({ code: "not_found", message: `brand ${input.id} not found` });
      brand.name = name;
      brand.country = country;
      id = brand.id;
    } else {
      id = this.nextId++;
      this.brands.push({ id, name, country });
    }
    this.members.set(id, [...new Set(input.member_ids)]);
    this.host.emit({ type: "workspace_changed" });
    return this.details();
  }

  /** Like the core: deleting an unknown brand changes nothing; its accounts keep going without one. */
  private remove(id: number): BrandDetail[] {
    this.requireAdmin();
    for (const account of this.host.accounts()) {
      if (this.withBrand(account).brand_id === id) this.accountBrand.set(account.id, null);
    }
    this.brands = this.brands.filter((b) => b.id !== id);
    this.members.delete(id);
    this.host.emit({ type: "workspace_changed" });
    return this.details();
  }
}
