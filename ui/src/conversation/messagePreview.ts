import type { TFunction } from "i18next";
import type { MessageDto } from "../bindings";

/** One line that stands for a message (reply previews): its text, caption, file name or kind. */
export function messagePreviewText(message: MessageDto, t: TFunction): string {
  const c = message.content;
  const kind = t(`kind.${message.kind}`);
  switch (c.type) {
    case "text":
    case "note":
    case "template":
      return c.body;
    case "media":
      return c.caption ?? c.filename ?? kind;
    case "location":
      return c.name ?? c.address ?? kind;
    case "contacts":
      return c.contacts.map((x) => x.name).join(", ") || kind;
    case "interactive":
      return c.title;
    case "button":
      return c.text;
    case "reaction":
      return c.emoji ?? kind;
    case "unsupported":
      return kind;
    case "email":
      return c.text.trim() || c.subject || kind;
  }
}
