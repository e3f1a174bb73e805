import { describe, expect, it } from "vitest";
import { render } from "@testing-library/react";
import { HighlightedSnippet, splitSnippet } from "./snippet";

describe("splitSnippet", () => {
  it("splits on U+E000 / U+E001", () => {
    expect(splitSnippet("el \uE000pedido\uE001 de \uE000Ana\uE001.")).toEqual([
      { text: "el ", match: false },
      { text: "pedido", match: true },
      { text: " de ", match: false },
      { text: "Ana", match: true },
      { text: ".", match: false },
    ]);
  });

  it("handles no markers, empty input and unbalanced markers", () => {
    expect(splitSnippet("plain")).toEqual([{ text: "plain", match: false }]);
    expect(splitSnippet("")).toEqual([]);
    expect(splitSnippet("\uE000open to the end")).toEqual([{ text: "open to the end", match: true }]);
    expect(splitSnippet("stray\uE001 end")).toEqual([{ text: "stray end", match: false }]);
  });
});

describe("HighlightedSnippet", () => {
  it("renders matches as <mark> elements and never as HTML", () => {
    const { container } = render(
      <p>
        <HighlightedSnippet snippet={"<b>x</b> \uE000taladro\uE001 ok"} />
      </p>,
    );
    const marks = container.querySelectorAll("mark");
    expect(marks).toHaveLength(1);
    expect(marks[0]?.textContent).toBe("taladro");
    expect(container.querySelector("b")).toBeNull();
    expect(container.textContent).toBe("<b>x</b> taladro ok");
  });
});
