/**
 * Transactions, in the seed's shares: 20% donations ($1–$500), 30% subscriptions (tiers 1–3 and
 * Prime), 25% bits (100–10,000), 15% gift subs (1–100), 10% renewals; 5% anonymous. `amount` is
 * always the value in US dollars (see types.ts). New and gifted subscriptions raise the
 * channel's subscriber count at once, so the next viewer event shows them.
 */
import {
  CASH_METHOD_WEIGHTS,
  CASH_METHODS,
  CHEER_MESSAGES,
  DONATION_MESSAGES,
  RENEWAL_MESSAGES,
  SUBSCRIPTION_MESSAGES,
} from "../catalog_people.ts";
import {
  chance,
  cumulative,
  float,
  logInt,
  pick,
  type Rng,
  transactionId,
  weighted,
} from "../random.ts";
import type { PaymentMethod, Tier, Transaction, TransactionType } from "../types.ts";
import { type Channel, userIdOf } from "../world.ts";
import { chatterIndex } from "./chat.ts";

export const TRANSACTION_TYPES: readonly TransactionType[] = [
  "donation",
  "subscription",
  "bits",
  "gift_sub",
  "subscription_renewal",
];
export const TRANSACTION_TYPE_WEIGHTS: readonly number[] = [0.2, 0.3, 0.25, 0.15, 0.1];
export const ANONYMOUS_CHANCE = 0.05;

/** US-dollar price of one month at each tier (Prime counts at the tier-1 price). */
export const TIER_PRICES: Readonly<Record<Tier, number>> = {
  "1": 4.99,
  "2": 9.99,
  "3": 24.99,
  Prime: 4.99,
};

const TYPE_CUMUL = cumulative(TRANSACTION_TYPE_WEIGHTS);
const SUB_TIERS: readonly Tier[] = ["1", "2", "3", "Prime"];
const SUB_TIER_CUMUL = cumulative([0.6, 0.1, 0.05, 0.25]);
const GIFT_TIERS: readonly Tier[] = ["1", "2", "3"];
const GIFT_TIER_CUMUL = cumulative([0.85, 0.1, 0.05]);
const CASH_CUMUL = cumulative(CASH_METHOD_WEIGHTS);
/** Round amounts people like to give, and how often a donation is one of them. */
const ROUND_DONATIONS: readonly number[] = [1, 2, 5, 5, 10, 10, 10, 20, 20, 25, 50, 100, 200, 500];
const ROUND_BITS: readonly number[] = [100, 100, 200, 500, 500, 1000, 1000, 2500, 5000, 10000];
const ROUND_GIFTS: readonly number[] = [1, 1, 1, 5, 5, 10, 10, 20, 50, 100];

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function cashMethod(rng: Rng): PaymentMethod {
  return weighted(rng, CASH_METHODS, CASH_CUMUL);
}

/** A message drawn with probability p, or undefined. */
function maybeMessage(rng: Rng, p: number, messages: readonly string[]): string | undefined {
  return chance(rng, p) ? pick(rng, messages) : undefined;
}

/** A transaction of the seed's mix, or of `type` when the caller decides it (no draw for it). */
export function transaction(
  channel: Channel,
  timestamp: string,
  type?: TransactionType,
): Transaction {
  const rng = channel.rng;
  const id = transactionId(rng);
  type ??= weighted(rng, TRANSACTION_TYPES, TYPE_CUMUL);
  const anonymous = chance(rng, ANONYMOUS_CHANCE);
  const member = channel.community[chatterIndex(float(rng), channel.community.length)]!;
  let amount: number;
  let tier: Tier | undefined;
  let bits: number | undefined;
  let giftCount: number | undefined;
  let message: string | undefined;
  let paymentMethod: PaymentMethod;
  let refundable = false;

  switch (type) {
    case "donation":
      amount = chance(rng, 0.55)
        ? pick(rng, ROUND_DONATIONS)
        : cents(Math.exp(float(rng) * Math.log(500)));
      message = maybeMessage(rng, 0.6, DONATION_MESSAGES);
      paymentMethod = cashMethod(rng);
      refundable = true;
      break;
    case "subscription":
    case "subscription_renewal": {
      tier = weighted(rng, SUB_TIERS, SUB_TIER_CUMUL);
      amount = TIER_PRICES[tier];
      const renewal = type === "subscription_renewal";
      if (!renewal) channel.audience.subscribers += 1;
      message = renewal
        ? maybeMessage(rng, 0.4, RENEWAL_MESSAGES)
        : maybeMessage(rng, 0.3, SUBSCRIPTION_MESSAGES);
      paymentMethod = tier === "Prime" ? "prime_gaming" : cashMethod(rng);
      break;
    }
    case "bits":
      bits = chance(rng, 0.5) ? pick(rng, ROUND_BITS) : logInt(rng, 100, 10_000);
      amount = bits / 100;
      message = maybeMessage(rng, 0.5, CHEER_MESSAGES);
      paymentMethod = "bits";
      break;
    case "gift_sub":
      tier = weighted(rng, GIFT_TIERS, GIFT_TIER_CUMUL);
      giftCount = chance(rng, 0.6) ? pick(rng, ROUND_GIFTS) : logInt(rng, 1, 100);
      amount = cents(giftCount * TIER_PRICES[tier]);
      channel.audience.subscribers += giftCount;
      paymentMethod = cashMethod(rng);
      break;
  }

  // Field order follows the seed's example; absent optional fields are left out entirely.
  const value: Record<string, unknown> = {
    transaction_id: id,
    channel: channel.name,
    stream_id: channel.streamId,
  };
  if (!anonymous) {
    value.username = member.username;
    value.user_id = userIdOf(member.username);
  }
  value.transaction_type = type;
  value.amount = amount;
  value.currency = "USD";
  if (tier !== undefined) value.tier = tier;
  if (bits !== undefined) value.bits = bits;
  if (giftCount !== undefined) value.gift_count = giftCount;
  if (message !== undefined) value.message = message;
  value.is_anonymous = anonymous;
  value.timestamp = timestamp;
  value.metadata = { payment_method: paymentMethod, refundable };
  return value as unknown as Transaction;
}
