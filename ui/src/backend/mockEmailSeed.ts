/**
 * DEV-ONLY: the demo's email conversations in the in-memory mock: a Spanish
 * customer thread with its quoted history and a Cc, an invoice, an English
 * warranty claim with photos, and an HTML newsletter with an inline logo,
 * blocked remote images and a PDF.
 */
import type { ContactDto, ConversationSummary, EmailPerson, MessageDto } from "../bindings";
import { mail, type EmailMessageContent } from "./mockEmail";

const MIN = 60_000;

export interface Seeder<C extends ConversationSummary> {
  conversation(contact: Omit<ContactDto, "other_conversations">, summary: Partial<ConversationSummary> & { account_id: number }): C;
  add(c: C, at: number, direction: MessageDto["direction"], content: EmailMessageContent, extra?: Partial<MessageDto>): MessageDto;
  newsletter(messageId: number): void;
}

/** `at(daysAgo, h, m)`: a moment of the demo's recent past. */
export type At = (daysAgo: number, h: number, m: number) => number;

const VENTAS: EmailPerson = { name: "Ferretería Ríos", address: "hola@ferreteriarios.es" };
const SOPORTE: EmailPerson = { name: "Soporte Ferretería Ríos", address: "soporte@ferreteriarios.es" };

/** Gmail's attribution line, in Spanish: "El mar, 10 mar 2026 a las 8:12, Ana <ana@x> escribió:". */
function wrote(at: number, who: EmailPerson): string {
  const d = new Date(at);
  const day = new Intl.DateTimeFormat("es", { weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(d);
  const time = new Intl.DateTimeFormat("es", { hour: "numeric", minute: "2-digit" }).format(d);
  return `El ${day} a las ${time}, ${who.name ?? who.address} <${who.address}> escribió:`;
}

function quote(text: string, depth = 1): string {
  const mark = ">".repeat(depth);
  return text
    .split("\n")
    .map((line) => (line.length > 0 ? `${mark} ${line}` : mark))
    .join("\n");
}

export function seedCarlos<C extends ConversationSummary>(s: Seeder<C>, at: At, now: number): C {
  const carlos: EmailPerson = { name: "Carlos Méndez", address: "carlos.mendez@example.com" };
  const c = s.conversation(
    { id: 2, name: "Carlos Méndez", phone: null, email: carlos.address, wa_id: null, tag_ids: [4], custom_fields: [{ key: "Empresa", value: "Reformas Méndez S.L." }] },
    { account_id: 3, subject: "Presupuesto reforma baño", tag_ids: [4], assignee_id: 2 },
  );
  const t1 = at(1, 8, 12);
  const first =
    "Buenos días,\n\nestamos reformando un baño de unos 20 m² y necesitaría presupuesto para el azulejo (gres porcelánico 60×60, gris claro) y el adhesivo correspondiente.\n\n¿Tenéis stock para esta semana?\n\nUn saludo,\nCarlos Méndez\nReformas Méndez S.L. · 622 318 940";
  s.add(c, t1, "inbound", mail("Presupuesto reforma baño", carlos, [VENTAS], first));
  const t2 = at(1, 9, 30);
  const second =
    "Hola Carlos,\n\nte adjunto el presupuesto: 22 m² de gres porcelánico 60×60 (con un 10 % de merma) y 8 sacos de adhesivo C2TE.\n\nTenemos stock en tienda; si lo confirmas antes del jueves te lo llevamos a la obra sin coste.\n\nUn saludo,\nLucía";
  s.add(
    c,
    t2,
    "outbound",
    mail("Re: Presupuesto reforma baño", VENTAS, [carlos], second, {
      quoted: `${wrote(t1, carlos)}\n${quote(first)}`,
      attachments: [{ index: 0, name: "presupuesto-P2026-0142.pdf", mime: "application/pdf", size: 182_344, inline: false }],
    }),
    { delivery: { state: "sent" } },
  );
  const third =
    "Hola Lucía,\n\nmuchas gracias por la rapidez. Un par de dudas antes de confirmar:\n\n1. ¿El adhesivo C2TE sirve también para la terraza (exterior)?\n2. Mi socio Andrés (en copia) pasaría a recoger una muestra el jueves por la tarde, ¿os va bien?\n\nSi todo encaja, confirmamos el pedido esta misma semana.\n\nSaludos,\nCarlos";
  s.add(
    c,
    Math.min(now - 40 * MIN, at(0, 9, 5)),
    "inbound",
    mail("Re: Presupuesto reforma baño", carlos, [VENTAS], third, {
      cc: [{ name: "Andrés Méndez", address: "andres@reformasmendez.example" }],
      quoted: `${wrote(t2, VENTAS)}\n${quote(second)}\n>\n> ${wrote(t1, carlos)}\n${quote(first, 2)}`,
    }),
  );
  return c;
}

export function seedInvoice<C extends ConversationSummary>(s: Seeder<C>, at: At): C {
  const mj: EmailPerson = { name: "María José Pérez", address: "mariajose.perez@example.com" };
  const c = s.conversation(
    { id: 1, name: "María José Pérez", phone: "+34 600 123 456", email: mj.address, wa_id: "34600123456", tag_ids: [1, 2], custom_fields: [] },
    { account_id: 3, subject: "Factura de marzo", status: "resolved", assignee_id: 3 },
  );
  const t1 = at(12, 11, 0);
  const ask = "Hola,\n\n¿me podéis reenviar la factura de marzo? No la encuentro en el correo.\n\nGracias,\nMaría José";
  s.add(c, t1, "inbound", mail("Factura de marzo", mj, [VENTAS], ask));
  s.add(
    c,
    at(12, 12, 30),
    "outbound",
    mail("Re: Factura de marzo", VENTAS, [mj], "Hola María José,\n\naquí la tienes.\n\nUn saludo,\nMarta", {
      quoted: `${wrote(t1, mj)}\n${quote(ask)}`,
      attachments: [{ index: 0, name: "factura-2026-03.pdf", mime: "application/pdf", size: 88_000, inline: false }],
    }),
    { author_member_id: 3 },
  );
  return c;
}

export function seedWarranty<C extends ConversationSummary>(s: Seeder<C>, at: At): C {
  const emma: EmailPerson = { name: "Emma Lee", address: "emma.lee@example.co.uk" };
  const c = s.conversation(
    { id: 6, name: "Emma Lee", phone: null, email: emma.address, wa_id: null, tag_ids: [5], custom_fields: [{ key: "Language", value: "English" }] },
    { account_id: 4, subject: "Warranty claim #2231", tag_ids: [5], unread: 1 },
  );
  s.add(
    c,
    at(0, 7, 3),
    "inbound",
    mail(
      "Warranty claim #2231",
      emma,
      [SOPORTE],
      "Hello,\n\nthe hedge trimmer I bought in May (order #2231) stopped working: it starts, then cuts out after a few seconds. I've attached a photo of the label and the receipt.\n\nWhat do I need to send you?\n\nKind regards,\nEmma Lee",
      {
        attachments: [
          { index: 0, name: "trimmer-label.jpg", mime: "image/jpeg", size: 1_912_220, inline: false },
          { index: 1, name: "receipt-2231.pdf", mime: "application/pdf", size: 64_310, inline: false },
        ],
      },
    ),
  );
  return c;
}

export function seedNewsletter<C extends ConversationSummary>(s: Seeder<C>, at: At): C {
  const levante: EmailPerson = { name: "Distribuciones Levante", address: "boletin@levante.example" };
  const c = s.conversation(
    { id: 7, name: "Distribuciones Levante", phone: null, email: levante.address, wa_id: null, tag_ids: [], custom_fields: [{ key: "Proveedor", value: "Herramienta eléctrica" }] },
    { account_id: 3, subject: "Novedades de primavera: hasta un 30 % en herramienta eléctrica", unread: 1 },
  );
  const m = s.add(
    c,
    at(0, 7, 45),
    "inbound",
    mail(
      "Novedades de primavera: hasta un 30 % en herramienta eléctrica",
      levante,
      [VENTAS],
      "Novedades de primavera\n\nHasta un 30 % en herramienta eléctrica profesional, solo hasta el 31 de marzo.\n\nTaladro percutor 18 V — 89,90 €\nAmoladora 125 mm — 54,50 €\n\nVer todas las ofertas: https://levante.example/ofertas",
      {
        has_html: true,
        attachments: [
          { index: 0, name: "catalogo-primavera-2026.pdf", mime: "application/pdf", size: 2_431_002, inline: false },
          { index: 1, name: "logo-levante.png", mime: "image/png", size: 8_214, inline: true },
        ],
      },
    ),
  );
  s.newsletter(m.id);
  return c;
}
