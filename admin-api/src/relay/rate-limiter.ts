// Token buckets for channel rate limits (e.g. Telegram: 30 messages/s overall, 1/s per chat).
// `reserve` books the next free send time and returns how long to wait for it, so concurrent
// deliveries queue fairly instead of polling. Per-target buckets are dropped when idle.
export type Reservation = { waitMs: number; cancel(): void };

class Bucket {
  private next = 0;
  private readonly intervalMs: number;
  constructor(perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }
  reserve(now: number): { at: number; cancel: () => void } {
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    const booked = this.next;
    return {
      at,
      // Give the slot back if nobody came after it.
      cancel: () => {
        if (this.next === booked) this.next = at;
      },
    };
  }
  idleSince(now: number): boolean {
    return this.next < now;
  }
}

export class ChannelLimiter {
  private readonly overall: Bucket | undefined;
  private readonly perTarget = new Map<string, Bucket>();
  private readonly perTargetPerSecond: number | undefined;

  constructor(limits: { perSecond?: number; perTargetPerSecond?: number }) {
    this.overall = limits.perSecond ? new Bucket(limits.perSecond) : undefined;
    this.perTargetPerSecond = limits.perTargetPerSecond;
  }

  reserve(target: string | null, now = Date.now()): Reservation {
    const slots: Array<{ at: number; cancel: () => void }> = [];
    if (target !== null && this.perTargetPerSecond) {
      let bucket = this.perTarget.get(target);
      if (!bucket) this.perTarget.set(target, (bucket = new Bucket(this.perTargetPerSecond)));
      slots.push(bucket.reserve(now));
    }
    // The overall slot is booked from the per-target time on, so one busy chat does not hold
    // overall slots it cannot use yet.
    const from = Math.max(now, ...slots.map((s) => s.at));
    if (this.overall) slots.push(this.overall.reserve(from));
    if (this.perTarget.size > 10_000) {
      for (const [key, bucket] of this.perTarget) if (bucket.idleSince(now)) this.perTarget.delete(key);
    }
    const at = Math.max(now, ...slots.map((s) => s.at));
    return { waitMs: at - now, cancel: () => slots.forEach((s) => s.cancel()) };
  }
}
