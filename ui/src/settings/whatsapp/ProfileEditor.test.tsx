import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { BusinessProfile } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, fakeBackend } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { NumbersPage } from "./NumbersPage";
import { ProfileEditor } from "./ProfileEditor";

type Overrides = Parameters<typeof fakeBackend>[0];

const PROFILE: BusinessProfile = {
  about: "Ferretería de barrio desde 1987",
  address: "Calle Mayor 12, Madrid",
  description: "Herramientas, tornillería y bricolaje.",
  email: "hola@ferreteriarios.es",
  websites: ["https://ferreteriarios.es/"],
  vertical: "RETAIL",
  profile_picture_url: null,
};

function renderProfile(overrides: Overrides = {}, language = "en") {
  const fake = fakeBackend({
    get_business_profile: () => PROFILE,
    update_business_profile: (input) => input.profile,
    ...overrides,
  });
  const view = renderWithBackend(<ProfileEditor accountId={1} />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

const counter = (label: string) => {
  const field = screen.getByLabelText(label).closest(".wa-field") as HTMLElement;
  return within(field).getByTestId("char-counter");
};

describe("Business profile editor", () => {
  it("shows live character counters against Meta's limits", async () => {
    const { user } = renderProfile();
    await screen.findByTestId("wa-profile");
    expect(counter("About").textContent).toBe(`${[...(PROFILE.about ?? "")].length} / 139`);
    expect(counter("Address").textContent).toBe("22 / 256");
    expect(counter("Description").textContent).toBe("38 / 512");
    expect(counter("Email").textContent).toBe("22 / 128");
    expect(counter("Website 1").textContent).toBe("26 / 256");

    await user.clear(screen.getByLabelText("About"));
    await user.type(screen.getByLabelText("About"), "Hola 👋");
    expect(counter("About").textContent).toBe("6 / 139");
  });

  it("disables Save while a field is too long and says why next to it", async () => {
    const { calls } = renderProfile();
    await screen.findByTestId("wa-profile");
    const save = screen.getByTestId<HTMLButtonElement>("wa-profile-save");
    expect(save.disabled).toBe(true); // nothing changed yet

    fireEvent.change(screen.getByLabelText("About"), { target: { value: "x".repeat(140) } });
    expect(counter("About").textContent).toBe("140 / 139");
    expect(counter("About").className).toContain("over");
    expect(screen.getByTestId("problems-wa-profile-about").textContent).toContain("at most 139 characters");
    expect(screen.getByLabelText("About").getAttribute("aria-invalid")).toBe("true");
    expect(save.disabled).toBe(true);

    fireEvent.change(screen.getByLabelText("About"), { target: { value: "x".repeat(139) } });
    expect(save.disabled).toBe(false);

    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "d".repeat(513) } });
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "ok" } });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "not an email" } });
    expect(screen.getByTestId("problems-wa-profile-email").textContent).toContain("doesn't look like an email");
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "tienda@example.com" } });
    fireEvent.change(screen.getByLabelText("Website 2"), { target: { value: "ferreteriarios.es" } });
    expect(screen.getByTestId("problems-wa-profile-website-1").textContent).toContain("https://");
    expect(save.disabled).toBe(true);
    expect(calls.some((c) => c.cmd === "update_business_profile")).toBe(false);
  });

  it("saves the profile through update_business_profile", async () => {
    const { calls, user } = renderProfile();
    await screen.findByTestId("wa-profile");
    fireEvent.change(screen.getByLabelText("Website 2"), { target: { value: "https://tienda.example.com" } });
    await user.selectOptions(screen.getByLabelText("Industry"), "AUTO");
    await user.click(screen.getByTestId("wa-profile-save"));
    await screen.findByTestId("wa-profile-saved");
    const input = calls.find((c) => c.cmd === "update_business_profile")?.input as { account_id: number; profile: BusinessProfile };
    expect(input.account_id).toBe(1);
    expect(input.profile.websites).toEqual(["https://ferreteriarios.es/", "https://tienda.example.com"]);
    expect(input.profile.vertical).toBe("AUTO");
    expect(input.profile.about).toBe(PROFILE.about);
  });

  it("shows the core's errors clearly", async () => {
    const { user } = renderProfile({
      update_business_profile: () => fail({ code: "provider_error", message: "(#100) Param email must be a valid email" }),
    });
    await screen.findByTestId("wa-profile");
    fireEvent.change(screen.getByLabelText("Address"), { target: { value: "Calle Mayor 14, Madrid" } });
    await user.click(screen.getByTestId("wa-profile-save"));
    const error = await screen.findByTestId("wa-profile-error");
    expect(error.dataset.code).toBe("provider_error");
    expect(error.textContent).toContain("Meta refused the request");
    expect(error.textContent).toContain("Param email must be a valid email");
  });

  it("asks to reconnect when loading fails with reconnect_needed (Spanish)", async () => {
    renderProfile({ get_business_profile: () => fail({ code: "reconnect_needed", message: "token expired" }) }, "es");
    const error = await screen.findByTestId("wa-profile-load-error");
    expect(error.textContent).toContain("vuelve a conectarlo");
  });
});

describe("Numbers", () => {
  it("lists the numbers with a colored quality pill and the tier in words", async () => {
    const fake = fakeBackend({
      list_phone_numbers: () => ({
        items: [
          { id: "1065", display_phone_number: "+34 611 222 333", verified_name: "Tienda Centro", quality_rating: "GREEN", messaging_limit_tier: "TIER_1K", code_verification_status: "VERIFIED", name_status: "APPROVED", status: "CONNECTED" },
          { id: "1066", display_phone_number: "+34 622 444 555", verified_name: "Taller", quality_rating: "RED", messaging_limit_tier: "TIER_UNLIMITED", code_verification_status: "EXPIRED", name_status: "APPROVED", status: "CONNECTED" },
          { id: "1067", display_phone_number: "+34 633 000 111", verified_name: "Nuevo", quality_rating: null, messaging_limit_tier: null, code_verification_status: null, name_status: "PENDING_REVIEW", status: "PENDING" },
        ],
      }),
    });
    renderWithBackend(<NumbersPage accountId={1} />, { backend: fake.backend, now: NOW, language: "es" });
    await waitFor(() => expect(screen.getAllByTestId("wa-number-row")).toHaveLength(3));
    const rows = screen.getAllByTestId("wa-number-row");
    const pill = (i: number) => within(rows[i] as HTMLElement).getByTestId("quality-pill");
    expect([pill(0).dataset.tone, pill(1).dataset.tone, pill(2).dataset.tone]).toEqual(["green", "red", "grey"]);
    expect(pill(0).textContent).toBe("Alta");
    expect(within(rows[0] as HTMLElement).getByTestId("wa-number-tier").textContent).toBe("1\u00a0000 conversaciones/24 h");
    expect(within(rows[1] as HTMLElement).getByTestId("wa-number-tier").textContent).toBe("Sin límite");
    expect(rows[0]?.textContent).toContain("Tienda Centro");
  });
});
