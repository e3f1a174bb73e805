import { describe, expect, it } from "vitest";
import { cleanRichText, richTextToPlain } from "./richText";

describe("richTextToPlain", () => {
  it("keeps what a contentEditable types as lines", () => {
    // Chromium: the first line as text, each Enter a <div>, an empty line <div><br></div>
    expect(richTextToPlain("Hola Carlos,<div><br></div><div>sí, lo incluye.</div><div>Un saludo</div>")).toBe(
      "Hola Carlos,\n\nsí, lo incluye.\nUn saludo",
    );
    expect(richTextToPlain("uno<br>dos<br><br>tres")).toBe("uno\ndos\n\ntres");
    expect(richTextToPlain("a&nbsp;&nbsp;b&nbsp;")).toBe("a  b");
  });

  it("drops the formatting but keeps the words", () => {
    expect(richTextToPlain("<b>Muy</b> <i>importante</i>: <u>hoy</u>")).toBe("Muy importante: hoy");
  });

  it("writes bulleted and numbered items, nested ones indented", () => {
    expect(richTextToPlain("Lista:<ul><li>tornillos</li><li>tacos<ul><li>de 6 mm</li></ul></li></ul>Fin")).toBe(
      "Lista:\n- tornillos\n- tacos\n  - de 6 mm\nFin",
    );
    expect(richTextToPlain("<ol><li>medir</li><li>cortar</li></ol>")).toBe("1. medir\n2. cortar");
  });

  it("puts a link's address after its words when they differ", () => {
    expect(richTextToPlain('Ver <a href="https://tienda.example/ofertas">las ofertas</a>.')).toBe("Ver las ofertas <https://tienda.example/ofertas>.");
    expect(richTextToPlain('<a href="https://tienda.example">https://tienda.example</a>')).toBe("https://tienda.example");
    expect(richTextToPlain('<a href="https://tienda.example/">tienda.example</a>')).toBe("tienda.example");
    expect(richTextToPlain('<a href="mailto:hola@tienda.example">hola@tienda.example</a>')).toBe("hola@tienda.example");
  });

  it("separates paragraphs with a blank line and trims the ends", () => {
    expect(richTextToPlain("<p>Uno</p><p>Dos</p><div><br></div>")).toBe("Uno\n\nDos");
    expect(richTextToPlain("<div><br></div>")).toBe("");
  });

  it("never runs or shows what isn't text", () => {
    expect(richTextToPlain('<img src="x" onerror="alert(1)">Hola<script>alert(1)</script><style>p{}</style>')).toBe("Hola");
  });
});

describe("cleanRichText", () => {
  it("keeps lists, and images only when asked", () => {
    const html = '<ul><li><b>uno</b></li></ul><img src="https://x.test/a.png"><font color="red">rojo</font>';
    expect(cleanRichText(html)).toBe('<ul><li><b>uno</b></li></ul><img src="https://x.test/a.png">rojo');
    expect(cleanRichText(html, { images: false })).toBe("<ul><li><b>uno</b></li></ul>rojo");
  });
});
