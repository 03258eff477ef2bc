// Redis (only when REDIS_URL is set): a PING over a connection of its own. The rate limiter's
// client is not reachable from here, and a short-lived connection also proves that a new
// replica could connect — which a long-lived one that happens to be open would not.
// Redis is not critical: without it rate limits fall back to per-process memory.
import { Redis } from 'ioredis';
import { runCheck, skipped, type CheckResult } from '../check.ts';

export async function checkRedis(options: { timeoutMs: number; url: string | undefined }): Promise<CheckResult> {
  if (!options.url) return skipped('REDIS_URL is not set');
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // One try: a health check must not reconnect in the background after it has answered.
    retryStrategy: () => null,
  });
  // Failures surface through connect()/ping(); without a listener they would be uncaught.
  client.on('error', () => undefined);
  return runCheck(
    'Redis',
    options.timeoutMs,
    async () => {
      await client.connect();
      const answer = await client.ping();
      return answer === 'PONG' ? { status: 'up' } : { status: 'down', error: 'Redis did not answer PONG' };
    },
    () => client.disconnect(),
  );
}
