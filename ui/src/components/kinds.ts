import type { MessageKind } from "../bindings";
import type { IconName } from "./Icon";

export const KIND_ICON: Record<MessageKind, IconName | null> = {
  text: null,
  image: "image",
  video: "video",
  audio: "audio",
  voice: "voice",
  document: "document",
  sticker: "sticker",
  location: "pin",
  contacts: "contacts",
  interactive: "list",
  button: "button",
  reaction: "sticker",
  template: "template",
  unsupported: "info",
  note: "lock",
  email: null,
};
