/**
 * A cheer is one act: a chat line whose text starts with `Cheer<bits>` and a `bits` transaction by
 * the same user in the same channel, for the same bits (bits / 100 US dollars), at the same
 * instant.
 */
import type { ChatTemplate } from "../catalog_chat.ts";
import type { ChatMessage, Transaction } from "../types.ts";
import type { Channel } from "../world.ts";
import { chatMessage, speaker } from "./chat.ts";
import { cheerBits, transaction } from "./transaction.ts";

export function cheer(
  channel: Channel,
  us: number,
  timestamp: string,
  templates: readonly ChatTemplate[],
): { readonly chat: ChatMessage; readonly transaction: Transaction } {
  const rank = speaker(channel);
  const bits = cheerBits(channel.rng);
  return {
    chat: chatMessage(channel, timestamp, templates, rank, bits),
    transaction: transaction(channel, us, timestamp, "bits", { rank, bits }),
  };
}
