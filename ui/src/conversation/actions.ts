import { createContext, useContext } from "react";
import type { EmailAnswer, MessageDto } from "../bindings";

/**
 * What a message bubble may ask of its conversation: start a reply in the
 * composer, or open the template picker (e.g. after a delivery failure).
 * Provided by ConversationView; bubbles rendered elsewhere get no actions.
 */
export interface ConversationActions {
  /** The member using this installation (whose reaction a bubble toggles). */
  meId: number;
  /** Reply, react and retry are available (WhatsApp conversations). */
  interactive: boolean;
  reply: (message: MessageDto) => void;
  openTemplates: () => void;
  /** Email conversations: answer this message (reply, reply all, forward) in the composer. */
  answerEmail?: (message: MessageDto, answer: EmailAnswer) => void;
}

export const ConversationActionsContext = createContext<ConversationActions | null>(null);

export function useConversationActions(): ConversationActions | null {
  return useContext(ConversationActionsContext);
}
