// Rate limits (SPEC 3.5), created once per app by createRateLimits() and used by route.ts:
//   - `key`: per API key (default 1000 requests/minute), consumed right after authentication;
//   - `ip`: per client IP (default 300/minute) for everything not identified by an API key:
//     public routes, failed authentications and console users. It is also *checked* (not
//     consumed) before authentication, so an IP that exhausted its budget — typically by
//     guessing keys — is turned away without costing a database lookup.
// With REDIS_URL the counters live in Redis (shared by every replica); each Redis limiter
// has an in-memory insurance limiter, so the API keeps limiting (per process) while Redis is
// unreachable, and goes back to Redis by itself when it returns. Without Redis, memory only.
//
// Every limited response carries X-RateLimit-Limit, X-RateLimit-Remaining and
// X-RateLimit-Reset (seconds until the window resets, like Retry-After); 429 adds Retry-After.
import type { Request, RequestHandler, Response } from 'express';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Principal } from './principal.ts';
import { HttpProblem } from './problem.ts';

export type Limit = { points: number; durationSec: number };
export type Bucket = 'key' | 'ip';

/** Defaults; the owner of config.ts maps environment variables onto `overrides`. */
export const DEFAULT_RATE_LIMITS: Record<Bucket, Limit> = {
  key: { points: 1000, durationSec: 60 },
  ip: { points: 300, durationSec: 60 },
};

export type RateLimitOverrides = Partial<Record<Bucket, Partial<Limit>>>;

export type RateLimits = {
  readonly store: 'redis' | 'memory';
  readonly limits: Record<Bucket, Limit>;
  /** Consumes one point; sets the X-RateLimit-* headers; throws a 429 problem when exhausted. */
  consume(bucket: Bucket, key: string, res: Response): Promise<void>;
  /** Throws a 429 problem when the bucket is already exhausted, without consuming. */
  check(bucket: Bucket, key: string, res: Response): Promise<void>;
  close(): Promise<void>;
};

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function setHeaders(res: Response, limit: Limit, result: RateLimiterRes): void {
  res.setHeader('X-RateLimit-Limit', String(limit.points));
  res.setHeader('X-RateLimit-Remaining', String(Math.max(0, result.remainingPoints)));
  res.setHeader('X-RateLimit-Reset', String(seconds(result.msBeforeNext)));
}

function tooMany(res: Response, bucket: Bucket, limit: Limit, result: RateLimiterRes): HttpProblem {
  setHeaders(res, limit, result);
  const retry = seconds(result.msBeforeNext);
  const who = bucket === 'key' ? 'this API key' : 'this IP address';
  return new HttpProblem(429, 'Too Many Requests', {
    detail: `rate limit of ${limit.points} requests per ${limit.durationSec} s exceeded for ${who}; retry in ${retry} s`,
    headers: { 'Retry-After': String(retry) },
    extensions: { limit: limit.points, retryAfter: retry },
  });
}

function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    // Fail fast instead of queueing while disconnected: the insurance limiter answers then.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 300,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastLog = 0;
  redis.on('error', (error: Error) => {
    // ioredis reports every failed reconnect; one line a minute is enough.
    if (Date.now() - lastLog < 60_000) return;
    lastLog = Date.now();
    logger.warn({ err: { message: error.message } }, 'rate limit store (Redis) unavailable; limiting in memory');
  });
  redis.on('ready', () => logger.info('rate limit store (Redis) connected'));
  return redis;
}

export function createRateLimits(
  config: Pick<Config, 'redisUrl'>,
  logger: Logger,
  overrides: RateLimitOverrides = {},
): RateLimits {
  const limits = {
    key: { ...DEFAULT_RATE_LIMITS.key, ...overrides.key },
    ip: { ...DEFAULT_RATE_LIMITS.ip, ...overrides.ip },
  };
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : undefined;
  const make = (bucket: Bucket): RateLimiterAbstract => {
    const options = {
      keyPrefix: `chronos-rl-${bucket}`,
      points: limits[bucket].points,
      duration: limits[bucket].durationSec,
    };
    const memory = new RateLimiterMemory(options);
    if (!redis) return memory;
    return new RateLimiterRedis({
      ...options,
      storeClient: redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  const limiters: Record<Bucket, RateLimiterAbstract> = { key: make('key'), ip: make('ip') };

  return {
    store: redis ? 'redis' : 'memory',
    limits,
    async consume(bucket, key, res) {
      const limit = limits[bucket];
      try {
        setHeaders(res, limit, await limiters[bucket].consume(key));
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw tooMany(res, bucket, limit, rejection);
        // Store and insurance both failed (should not happen): do not turn that into an outage.
        logger.warn({ err: { message: (rejection as Error).message } }, 'rate limit check failed; request allowed');
      }
    },
    async check(bucket, key, res) {
      const limit = limits[bucket];
      const current = await limiters[bucket].get(key).catch(() => null);
      if (current && current.consumedPoints >= limit.points) throw tooMany(res, bucket, limit, current);
    },
    async close() {
      if (redis) redis.disconnect();
    },
  };
}

const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** For public routes: every request counts against the caller's IP. */
export function limitPublic(limits: RateLimits): RequestHandler {
  return async (req, res, next) => {
    await limits.consume('ip', clientIp(req), res);
    next();
  };
}

/**
 * Authentication with its limits: check the IP budget first, count a failed authentication
 * against the IP, then count the request against the API key (or, for console users, against
 * the IP). The principal goes to res.locals.principal.
 */
export function limitAuthenticated(
  limits: RateLimits,
  resolve: (req: Request, ip: string) => Promise<Principal>,
): RequestHandler {
  return async (req, res, next) => {
    const ip = clientIp(req);
    await limits.check('ip', ip, res);
    let principal: Principal;
    try {
      principal = await resolve(req, ip);
    } catch (error) {
      await limits.consume('ip', ip, res).catch(() => undefined);
      throw error;
    }
    res.locals.principal = principal;
    if (principal.type === 'api_key') await limits.consume('key', principal.id, res);
    else await limits.consume('ip', ip, res);
    next();
  };
}
