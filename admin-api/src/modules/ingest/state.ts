// What the receiver and the token routes share within one app: the verified-token cache (the
// token routes evict from it when a change commits), the usage statistics and the ingest rate
// limiter. Kept per AppContext (a WeakMap, not a module singleton), so several apps in one
// process — tests — stay apart.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppContext } from '../../context.ts';
import { createRateLimiter } from '../../http/rate-limit-store.ts';
import { createIngestTokenCache, type IngestTokenCache } from './token-cache.ts';
import { INGEST_MESSAGE } from './service.ts';
import { createIngestUsage, type IngestUsage } from './usage.ts';
import { createRecordWriter, type RecordWriter } from './writer.ts';

export type IngestState = {
  cache: IngestTokenCache;
  usage: IngestUsage;
  /** Requests per minute per client address with a valid token (INGEST_RATE_LIMIT_PER_IP). */
  limiter: RateLimiterAbstract;
  /** Group commit of received records (writer.ts). */
  writer: RecordWriter;
};

const states = new WeakMap<AppContext, IngestState>();

export function ingestState(ctx: AppContext): IngestState {
  let state = states.get(ctx);
  if (!state) {
    state = {
      // Same lifetime as verified API keys: both are credentials invalidated by NOTIFY.
      cache: createIngestTokenCache({ ttlMs: ctx.config.apiKeyCacheTtlMs, listener: ctx.listener }),
      usage: createIngestUsage(ctx.pool, ctx.logger, ctx.background),
      writer: createRecordWriter(ctx.pool, INGEST_MESSAGE),
      limiter: createRateLimiter(
        { keyPrefix: 'ingest-ip', points: ctx.config.ingestRateLimitPerIp, durationSeconds: 60 },
        { redisUrl: ctx.config.redisUrl, logger: ctx.logger },
      ),
    };
    states.set(ctx, state);
  }
  return state;
}
