/** Stream metadata events: the channel's current settings, plus raid or host details. */
import { uuid4 } from "../random.ts";
import type { ChannelHandover, StreamMeta, StreamMetaType } from "../types.ts";
import type { Channel } from "../world.ts";

/**
 * The event as of now. `stream_id` is included while the channel is live and on the stream_end
 * that closes the stream (call before marking the channel offline).
 */
export function streamMeta(
  channel: Channel,
  type: StreamMetaType,
  timestamp: string,
  handover?: ChannelHandover,
): StreamMeta {
  const eventId = uuid4(channel.rng);
  const settings = {
    title: channel.title,
    category: channel.category.name,
    category_id: channel.category.id,
    language: channel.language,
    is_mature: channel.isMature,
    tags: channel.tags,
  };
  const detail = handover === undefined
    ? {}
    : type === "raid_incoming" || type === "raid_outgoing"
    ? { raid: handover }
    : { host: handover };
  return {
    event_id: eventId,
    channel: channel.name,
    event_type: type,
    timestamp,
    ...(channel.live ? { stream_id: channel.streamId } : {}),
    ...settings,
    ...detail,
    metadata: channel.metadata,
  };
}
