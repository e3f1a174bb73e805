import type { EmailAnswer, EmailContent, MessageDto } from "../../bindings";

/** Everything attached to one email (Gmail's and Microsoft 365's limit is 25 MB). */
export const MAX_EMAIL_ATTACHMENTS_BYTES = 25 * 1024 * 1024;

/** What the composer answers: a message and how (reply, reply all, forward). */
export interface EmailTarget {
  messageId: number;
  answer: EmailAnswer;
  /** Changes each time a card's action is chosen, so the composer takes the focus again. */
  nonce: number;
}

export type EmailMessage = MessageDto & { content: { type: "email" } & EmailContent };

export function isEmailMessage(message: MessageDto): message is EmailMessage {
  return message.content.type === "email";
}

/** `"a@x.com, B <b@y.com>; c@z.com"` -> the addresses as written, one per entry. */
export function parseAddresses(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The entries that are not an address (`name@domain`, optionally as `Name <name@domain>`). */
export function invalidAddresses(entries: readonly string[]): string[] {
  return entries.filter((entry) => {
    const inner = /<([^<>]+)>\s*$/.exec(entry)?.[1] ?? entry;
    return !/^[^\s@<>,;]+@[^\s@<>,;.][^\s@<>,;]*$/.test(inner.trim());
  });
}
