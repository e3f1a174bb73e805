import { describe, expect, it } from "vitest";
import { buildSrcdoc, cspSource, frameCsp, rewriteCid } from "./emailDocument";
import { normalizeLink } from "./richText";

describe("cspSource", () => {
  it("allows the attachment URLs of the bridge, the window and the mock", () => {
    expect(cspSource("http://127.0.0.1:7878/media/4/1")).toBe("http://127.0.0.1:7878");
    expect(cspSource("bandeja-media://localhost/4/1")).toBe("bandeja-media:");
    expect(cspSource("http://bandeja-media.localhost/4/1")).toBe("http://bandeja-media.localhost");
    expect(cspSource("data:image/png;base64,AAAA")).toBe("data:");
    expect(cspSource("not a url")).toBeNull();
  });
});

describe("rewriteCid", () => {
  const url = (i: number) => `bandeja-media://localhost/9/${i}`;
  it("points cid: references at their attachment, whatever their brackets, case or encoding", () => {
    const html = '<img src="cid:Logo@Shop"><img src=\'cid:photo%201@x\'><td background="cid:bg@x"><div style="background:url(cid:bg@x)">';
    const inline = [
      { content_id: "<logo@shop>", index: 1 },
      { content_id: "photo 1@x", index: 2 },
      { content_id: "bg@x", index: 3 },
    ];
    expect(rewriteCid(html, inline, url)).toBe(
      `<img src="${url(1)}"><img src='${url(2)}'><td background="${url(3)}"><div style="background:url(${url(3)})">`,
    );
  });

  it("leaves unknown ones alone", () => {
    expect(rewriteCid('<img src="cid:gone@x">', [{ content_id: "other@x", index: 0 }], url)).toBe('<img src="cid:gone@x">');
  });
});

describe("buildSrcdoc", () => {
  it("wraps the body with a policy that never runs scripts and only loads allowed images", () => {
    const doc = buildSrcdoc("<p>Hola</p>", { imageSources: ["bandeja-media:"], remoteImages: false });
    expect(doc).toContain(`content="default-src 'none'; img-src bandeja-media: data:; style-src 'unsafe-inline'; font-src data:"`);
    expect(doc).toContain('<base target="_blank">');
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
    expect(doc.endsWith("<body><p>Hola</p></body></html>")).toBe(true);
  });

  it("adds https: only once remote images are loaded, and refuses odd sources", () => {
    expect(frameCsp({ imageSources: ["http://127.0.0.1:7878", "x; script-src *"], remoteImages: true })).toBe(
      "default-src 'none'; img-src http://127.0.0.1:7878 data: https:; style-src 'unsafe-inline'; font-src data:",
    );
  });
});

describe("normalizeLink", () => {
  it("accepts web, mail and phone links", () => {
    expect(normalizeLink("tallerruiz.es/contacto")).toBe("https://tallerruiz.es/contacto");
    expect(normalizeLink("https://a.example")).toBe("https://a.example");
    expect(normalizeLink("hola@tallerruiz.es")).toBe("mailto:hola@tallerruiz.es");
    expect(normalizeLink("tel:+34911234567")).toBe("tel:+34911234567");
    expect(normalizeLink("javascript:alert(1)")).toBeNull();
    expect(normalizeLink("data:text/html,x")).toBeNull();
  });
});
