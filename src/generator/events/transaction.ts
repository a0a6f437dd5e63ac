/**
 * Transactions, in the seed's shares: 20% donations ($1–$500), 30% subscriptions (tiers 1–3 and
 * Prime), 25% bits (100–10,000), 15% gift subs (1–100), 10% renewals; 5% anonymous. `amount` is
 * always the value in US dollars (see types.ts). Amounts are heavy-tailed with a taste for round
 * numbers: most donations are a few dollars, a $500 one is rare. Payers are the channel's users
 * (chatters.ts): a subscription makes a non-subscriber a subscriber at once, a renewal comes from
 * a subscriber. New and gifted subscriptions raise the channel's subscriber count at once, so the
 * next viewer event shows them. A bits transaction is the other half of a chat cheer (cheer.ts).
 */
import {
  CASH_METHOD_WEIGHTS,
  CASH_METHODS,
  CHEER_MESSAGES,
  DONATION_MESSAGES,
  RENEWAL_MESSAGES,
  SUBSCRIPTION_MESSAGES,
} from "../catalog_people.ts";
import { memberAt, nonSubscriberNear, renew, subscribe, subscriberNear } from "../chatters.ts";
import {
  chance,
  cumulative,
  float,
  logNormal,
  pareto,
  pick,
  type Rng,
  roundDown,
  transactionId,
  weighted,
} from "../random.ts";
import type { PaymentMethod, Tier, Transaction, TransactionType } from "../types.ts";
import { type Channel, userIdOf } from "../world.ts";
import { activeChatters, speaker } from "./chat.ts";

export const TRANSACTION_TYPES: readonly TransactionType[] = [
  "donation",
  "subscription",
  "bits",
  "gift_sub",
  "subscription_renewal",
];
export const TRANSACTION_TYPE_WEIGHTS: readonly number[] = [0.2, 0.3, 0.25, 0.15, 0.1];
export const ANONYMOUS_CHANCE = 0.05;
const BITS_SHARE = 0.25;
/**
 * A cheer is said in chat, so bits are never anonymous; the other types are anonymous a little
 * more often to keep 5% of all transactions.
 */
const ANONYMOUS_NON_BITS = ANONYMOUS_CHANCE / (1 - BITS_SHARE);

/** US-dollar price of one month at each tier (Prime counts at the tier-1 price). */
export const TIER_PRICES: Readonly<Record<Tier, number>> = {
  "1": 4.99,
  "2": 9.99,
  "3": 24.99,
  Prime: 4.99,
};

export const DONATION_MIN = 1;
export const DONATION_MAX = 500;
export const BITS_MIN = 100;
export const BITS_MAX = 10_000;
export const GIFT_MIN = 1;
export const GIFT_MAX = 100;

const TYPE_CUMUL = cumulative(TRANSACTION_TYPE_WEIGHTS);
const SUB_TIERS: readonly Tier[] = ["1", "2", "3", "Prime"];
const SUB_TIER_CUMUL = cumulative([0.6, 0.1, 0.05, 0.25]);
const GIFT_TIERS: readonly Tier[] = ["1", "2", "3"];
const GIFT_TIER_CUMUL = cumulative([0.85, 0.1, 0.05]);
const CASH_CUMUL = cumulative(CASH_METHOD_WEIGHTS);
/** Round amounts people like to give, and how often an amount is rounded down to one. */
const ROUND_DONATIONS: readonly number[] = [
  1,
  2,
  3,
  5,
  10,
  15,
  20,
  25,
  50,
  100,
  150,
  200,
  250,
  500,
];
const ROUND_BITS: readonly number[] = [
  100,
  200,
  250,
  300,
  500,
  1000,
  1500,
  2000,
  2500,
  5000,
  10000,
];
const ROUND_GIFTS: readonly number[] = [1, 5, 10, 20, 25, 50, 100];
const ROUND_DONATION_CHANCE = 0.6;
const ROUND_BITS_CHANCE = 0.7;
const ROUND_GIFT_CHANCE = 0.5;

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** A donation in dollars: log-normal around $9, so the median gift is $5–10 and $500 is rare. */
export function donationAmount(rng: Rng): number {
  const raw = logNormal(rng, 9, 1.1);
  const clamped = raw < DONATION_MIN ? DONATION_MIN : raw > DONATION_MAX ? DONATION_MAX : raw;
  return chance(rng, ROUND_DONATION_CHANCE) ? roundDown(clamped, ROUND_DONATIONS) : cents(clamped);
}

/** Bits of one cheer: 100 is the most common, 10,000 about 0.4% (Pareto, tail index 1.2). */
export function cheerBits(rng: Rng): number {
  const raw = Math.floor(pareto(rng, BITS_MIN, BITS_MAX, 1.2));
  return chance(rng, ROUND_BITS_CHANCE) ? roundDown(raw, ROUND_BITS) : raw;
}

/** Subs in one gift: single gifts are the most common, a gift bomb of 100 about 0.5%. */
export function giftCount(rng: Rng): number {
  const raw = Math.floor(pareto(rng, GIFT_MIN, GIFT_MAX + 1, 1.15));
  const count = raw > GIFT_MAX ? GIFT_MAX : raw;
  return chance(rng, ROUND_GIFT_CHANCE) ? roundDown(count, ROUND_GIFTS) : count;
}

function cashMethod(rng: Rng): PaymentMethod {
  return weighted(rng, CASH_METHODS, CASH_CUMUL);
}

/** A message drawn with probability p, or undefined. */
function maybeMessage(rng: Rng, p: number, messages: readonly string[]): string | undefined {
  return chance(rng, p) ? pick(rng, messages) : undefined;
}

/** The type of the next transaction, in the seed's shares. */
export function transactionType(rng: Rng): TransactionType {
  return weighted(rng, TRANSACTION_TYPES, TYPE_CUMUL);
}

/**
 * A transaction of `type`. For bits, `cheer` gives the cheering user's rank and the bits (the
 * chat line's); other types draw their payer.
 */
export function transaction(
  channel: Channel,
  us: number,
  timestamp: string,
  type: TransactionType = transactionType(channel.rng),
  cheer?: { readonly rank: number; readonly bits: number },
): Transaction {
  const rng = channel.rng;
  const users = channel.users;
  const id = transactionId(rng);
  const anonymous = type !== "bits" && chance(rng, ANONYMOUS_NON_BITS);
  const chatters = activeChatters(channel);
  let rank = cheer?.rank ?? speaker(channel);
  let amount: number;
  let tier: Tier | undefined;
  let bits: number | undefined;
  let gifts: number | undefined;
  let message: string | undefined;
  let paymentMethod: PaymentMethod;
  let refundable = false;

  switch (type) {
    case "donation":
      amount = donationAmount(rng);
      message = maybeMessage(rng, 0.6, DONATION_MESSAGES);
      paymentMethod = cashMethod(rng);
      refundable = true;
      break;
    case "subscription":
    case "subscription_renewal": {
      tier = weighted(rng, SUB_TIERS, SUB_TIER_CUMUL);
      amount = TIER_PRICES[tier];
      const renewal = type === "subscription_renewal";
      if (renewal) {
        rank = subscriberNear(users, rank, chatters, float(rng));
        renew(users, rank, us);
      } else {
        rank = nonSubscriberNear(users, rank, chatters);
        subscribe(users, rank, chatters, us);
        channel.audience.subscribers += 1;
      }
      message = renewal
        ? maybeMessage(rng, 0.4, RENEWAL_MESSAGES)
        : maybeMessage(rng, 0.3, SUBSCRIPTION_MESSAGES);
      paymentMethod = tier === "Prime" ? "prime_gaming" : cashMethod(rng);
      break;
    }
    case "bits":
      bits = cheer?.bits ?? cheerBits(rng);
      amount = bits / 100;
      message = maybeMessage(rng, 0.5, CHEER_MESSAGES);
      paymentMethod = "bits";
      break;
    case "gift_sub":
      tier = weighted(rng, GIFT_TIERS, GIFT_TIER_CUMUL);
      gifts = giftCount(rng);
      amount = cents(gifts * TIER_PRICES[tier]);
      channel.audience.subscribers += gifts;
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
    const member = memberAt(users, rank);
    value.username = member.username;
    value.user_id = member.userId ?? userIdOf(member.username);
  }
  value.transaction_type = type;
  value.amount = amount;
  value.currency = "USD";
  if (tier !== undefined) value.tier = tier;
  if (bits !== undefined) value.bits = bits;
  if (gifts !== undefined) value.gift_count = gifts;
  if (message !== undefined) value.message = message;
  value.is_anonymous = anonymous;
  value.timestamp = timestamp;
  value.metadata = { payment_method: paymentMethod, refundable };
  return value as unknown as Transaction;
}
