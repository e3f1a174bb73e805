import { describe, expect, it } from "vitest";
import { render } from "@testing-library/react";
import { FormattedText, parseWhatsApp } from "./waFormat";

function html(text: string): string {
  const { container } = render(
    <div>
      <FormattedText text={text} />
    </div>,
  );
  return (container.firstChild as HTMLElement).innerHTML;
}

describe("parseWhatsApp", () => {
  it("parses bold, italic, strike and monospace", () => {
    expect(parseWhatsApp("*a* _b_ ~c~ ```d```")).toEqual([
      { type: "bold", children: [{ type: "text", text: "a" }] },
      { type: "text", text: " " },
      { type: "italic", children: [{ type: "text", text: "b" }] },
      { type: "text", text: " " },
      { type: "strike", children: [{ type: "text", text: "c" }] },
      { type: "text", text: " " },
      { type: "mono", text: "d" },
    ]);
  });

  it("keeps plain text as a single node", () => {
    expect(parseWhatsApp("hola")).toEqual([{ type: "text", text: "hola" }]);
    expect(parseWhatsApp("")).toEqual([]);
  });

  it("ignores markers inside words and unbalanced markers", () => {
    expect(html("snake_case_name")).toBe("snake_case_name");
    expect(html("2*3*4")).toBe("2*3*4");
    expect(html("*not closed")).toBe("*not closed");
    expect(html("* spaced *")).toBe("* spaced *");
    expect(html("**")).toBe("**");
  });

  it("does not format across lines", () => {
    expect(html("*a\nb*")).toBe("*a\nb*");
  });

  it("nests styles", () => {
    expect(html("*bold _and italic_*")).toBe("<strong>bold <em>and italic</em></strong>");
  });

  it("allows punctuation around markers", () => {
    expect(html("(*hey*), _you_!")).toBe("(<strong>hey</strong>), <em>you</em>!");
  });

  it("renders monospace literally, without inner formatting", () => {
    expect(html("run ```*x* _y_``` now")).toBe("run <code>*x* _y_</code> now");
  });

  it("preserves line breaks as text", () => {
    expect(html("line 1\nline *2*")).toBe("line 1\nline <strong>2</strong>");
  });
});

describe("FormattedText safety", () => {
  it("never turns text into HTML", () => {
    const { container } = render(
      <FormattedText text={'<img src=x onerror="alert(1)"> *<script>alert(2)</script>* ```<b>x</b>```'} />,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("strong")?.textContent).toBe("<script>alert(2)</script>");
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it("renders plain text untouched when plain", () => {
    const { container } = render(<FormattedText text="*not bold*" plain />);
    expect(container.innerHTML).toBe("*not bold*");
  });
});
