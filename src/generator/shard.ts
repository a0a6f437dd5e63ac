/**
 * Scale-out helpers (`--shard i/n`). Shards take disjoint, deterministic shares of the channels;
 * together they cover every channel once. Because a channel's world is keyed by (seed, channel
 * name), a channel looks the same on a shard as in a single run with the same seed.
 */
import { foldSeed, mix32 } from "./random.ts";

function checkShard(index: number, total: number): void {
  if (!Number.isInteger(total) || total < 1) {
    throw new RangeError(`shard count must be an integer ≥ 1, got ${total}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= total) {
    throw new RangeError(`shard index must be an integer from 0 to ${total - 1}, got ${index}`);
  }
}

/** Shard `index` of `total` (0-based) gets channels index, index + total, index + 2·total, … */
export function shardChannels(
  channels: readonly string[],
  index: number,
  total: number,
): string[] {
  checkShard(index, total);
  const share = channels.filter((_, i) => i % total === index);
  if (share.length === 0) {
    throw new RangeError(
      `shard ${index}/${total} gets no channel: ${total} shards need at least ${total} channels, got ${channels.length}`,
    );
  }
  return share;
}

/**
 * A seed for shard `index`, unrelated to the other shards' seeds, for anything a shard draws
 * besides the generator (the generator itself should get the base seed, so that each channel is
 * the same world as in an unsharded run). Returns an unsigned 32-bit integer.
 */
export function deriveSeed(seed: number, index: number): number {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`shard index must be an integer ≥ 0, got ${index}`);
  }
  return mix32(foldSeed(seed) ^ mix32(Math.imul(index + 1, 0x9e3779b9)));
}
