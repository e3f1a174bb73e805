import type { MessageDto } from "../bindings";
import { calendarDaysBetween } from "../i18n/format";

export type MessageRow =
  | { type: "older"; key: string }
  | { type: "day"; key: string; at: string }
  | { type: "message"; key: string; message: MessageDto; showSender: boolean };

const GROUP_GAP_MS = 10 * 60_000;

/** Flattens messages (oldest→newest) into rows with day separators and sender grouping. */
export function buildRows(messages: MessageDto[], hasOlder: boolean): MessageRow[] {
  const rows: MessageRow[] = [];
  if (hasOlder) rows.push({ type: "older", key: "older" });
  let previous: MessageDto | null = null;
  for (const message of messages) {
    const at = new Date(message.created_at);
    const newDay = previous === null || calendarDaysBetween(new Date(previous.created_at), at) !== 0;
    if (newDay) rows.push({ type: "day", key: `day-${message.created_at.slice(0, 10)}-${message.id}`, at: message.created_at });
    const showSender =
      newDay ||
      previous === null ||
      previous.direction !== message.direction ||
      previous.sender !== message.sender ||
      previous.automated !== message.automated ||
      previous.kind === "note" ||
      at.getTime() - new Date(previous.created_at).getTime() > GROUP_GAP_MS;
    rows.push({ type: "message", key: `m-${message.id}`, message, showSender });
    previous = message;
  }
  return rows;
}
