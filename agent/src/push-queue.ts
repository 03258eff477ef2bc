// Samples waiting to reach admin-api. A failed push keeps the sample; the next tick sends
// the backlog oldest first (the server dedupes on host + taken_at, so a sample whose 202 was
// lost in transit is harmless to resend). Bounded: when admin-api is away for long, the
// oldest samples are dropped — recent figures matter more to the healing rules.
import { ApiError } from './api.ts';
import type { Logger } from './log.ts';

export type Sender<T> = (item: T) => Promise<void>;

export class PushQueue<T> {
  private readonly items: T[] = [];
  private readonly max: number;
  private readonly send: Sender<T>;
  private readonly log: Logger;
  dropped = 0;

  constructor(max: number, send: Sender<T>, log: Logger) {
    this.max = max;
    this.send = send;
    this.log = log;
  }

  get length(): number {
    return this.items.length;
  }

  /** Adds an item and sends the backlog oldest first until one fails with a retryable error. */
  async push(item: T): Promise<{ sent: number; pending: number }> {
    this.items.push(item);
    while (this.items.length > Math.max(this.max, 1)) {
      this.items.shift();
      this.dropped++;
    }
    return this.flush();
  }

  async flush(): Promise<{ sent: number; pending: number }> {
    let sent = 0;
    while (this.items.length > 0) {
      try {
        await this.send(this.items[0]!);
        sent++;
      } catch (error) {
        if (error instanceof ApiError && !error.retry) {
          // The server refused this sample itself (400): resending it cannot help.
          this.log.error('sample refused by admin-api, dropped', { error: error.message });
          this.dropped++;
        } else {
          this.log.warn('sample push failed, kept for later', {
            error: (error as Error).message,
            pending: this.items.length,
          });
          break;
        }
      }
      this.items.shift();
    }
    return { sent, pending: this.items.length };
  }
}
