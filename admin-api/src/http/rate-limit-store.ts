// Rate limiters for any part of the API. With REDIS_URL set the counters live in Redis, so
// every replica shares them; each Redis limiter carries an in-memory `insuranceLimiter`, so a
// Redis outage degrades to per-process limits instead of refusing (or letting through) every
// request. Without Redis the limits are per process (fine for a single instance).
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../logger.ts';
import { HttpProblem } from './problem.ts';

export type LimiterOptions = {
  /** Distinguishes the counters of different limits in the shared store, e.g. `login`. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
};

// One Redis connection per URL for the whole process: limiters are created per app, and a
// connection per limiter would multiply sockets for nothing.
const clients = new Map<string, Redis>();

function redisClient(url: string, logger: Logger): Redis {
  let client = clients.get(url);
  if (!client) {
    // No offline queue: while Redis is away, commands fail at once and the insurance
    // limiter answers, instead of requests hanging until Redis returns.
    client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    client.on('error', (error: Error) =>
      logger.warn({ err: { message: error.message } }, 'rate-limit store (Redis) unavailable; using in-memory limits'),
    );
    clients.set(url, client);
  }
  return client;
}

export function createRateLimiter(
  options: LimiterOptions,
  store: { redisUrl: string | undefined; logger: Logger },
): RateLimiterAbstract {
  const base = { keyPrefix: `chronos:${options.keyPrefix}`, points: options.points, duration: options.durationSeconds };
  const memory = new RateLimiterMemory(base);
  if (!store.redisUrl) return memory;
  return new RateLimiterRedis({
    ...base,
    storeClient: redisClient(store.redisUrl, store.logger),
    insuranceLimiter: memory,
  });
}

/** Closes the shared Redis connections (call on shutdown so the process can exit). */
export async function closeRateLimitStores(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((client) => client.quit().catch(() => client.disconnect())));
}

export const retryAfterSeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

export function tooManyRequests(res: RateLimiterRes, what: string): HttpProblem {
  const seconds = retryAfterSeconds(res);
  return new HttpProblem(429, 'Too Many Requests', {
    detail: `too many ${what}; try again in ${seconds} seconds`,
    headers: { 'Retry-After': String(seconds) },
    extensions: { retryAfter: seconds },
  });
}

export type ConsumeResult = {
  allowed: boolean;
  res: RateLimiterRes;
  /** True for the first refusal in a window: log or audit that one, not the flood after it. */
  firstRefusal: boolean;
};

/** Consumes one point; never throws for "over the limit" (store errors still throw). */
export async function tryConsume(limiter: RateLimiterAbstract, key: string): Promise<ConsumeResult> {
  try {
    return { allowed: true, res: await limiter.consume(key), firstRefusal: false };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { allowed: false, res: rejection, firstRefusal: rejection.consumedPoints === limiter.points + 1 };
  }
}

/** Consumes one point; over the limit → a 429 problem with Retry-After. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  const result = await tryConsume(limiter, key);
  if (!result.allowed) throw tooManyRequests(result.res, what);
}
