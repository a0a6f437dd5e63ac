/** Viewer counts: a snapshot of a live channel's audience, advanced to the event's time. */
import { updateAudience } from "../audience.ts";
import { uuid4 } from "../random.ts";
import { US_PER_SECOND } from "../timestamp.ts";
import type { ViewerCount } from "../types.ts";
import type { Channel } from "../world.ts";

/** The event and the spike (> 0) or drop (< 0) the audience saw since the last one, or 0. */
export interface ViewerUpdate {
  readonly value: ViewerCount;
  readonly jump: number;
}

export function viewerCount(channel: Channel, us: number, timestamp: string): ViewerUpdate {
  const audience = channel.audience;
  const eventId = uuid4(channel.rng);
  const jump = updateAudience(audience, channel.rng, us);
  const value: ViewerCount = {
    event_id: eventId,
    channel: channel.name,
    stream_id: channel.streamId,
    viewer_count: audience.viewers,
    chatter_count: audience.chatters,
    follower_count: Math.floor(audience.followers),
    subscriber_count: audience.subscribers,
    timestamp,
    metadata: {
      peak_today: audience.peak,
      stream_uptime_seconds: Math.floor((us - channel.streamStartUs) / US_PER_SECOND),
    },
  };
  return { value, jump };
}
