import { describe, expect, it } from "vitest";
import { hasPlaceholder, missingFromMessage, renderVariables, templateVariables } from "./templateVars";

describe("template variables", () => {
  it("lists the variables in order of first use, without duplicates", () => {
    expect(templateVariables("Hola {{customer_name}}, tu presupuesto {{ quote_number }} · {{customer_name}} {{}}")).toEqual([
      "customer_name",
      "quote_number",
    ]);
    expect(templateVariables("sin variables {{ sin cerrar")).toEqual([]);
    expect(hasPlaceholder("Hola {{x}}")).toBe(true);
    expect(hasPlaceholder("Hola {x}")).toBe(false);
  });

  it("fills every variable, matching names without case and with spaces as underscores", () => {
    expect(renderVariables("Hola {{Customer Name}}, nº {{Nº cliente}}", [
      { name: "customer_name", value: "Lucía" },
      { name: "nº cliente", value: "C-1" },
    ])).toEqual({ text: "Hola Lucía, nº C-1" });
  });

  it("names the variables without a value, blank ones included", () => {
    expect(renderVariables("{{a}} {{b}} {{c}}", [{ name: "a", value: "1" }, { name: "b", value: "  " }])).toEqual({ missing: ["b", "c"] });
  });

  it("reads the names of the core's missing_variables message", () => {
    expect(missingFromMessage("no value for quote_number, Nº cliente")).toEqual(["quote_number", "Nº cliente"]);
    expect(missingFromMessage("something else")).toEqual([]);
  });
});
