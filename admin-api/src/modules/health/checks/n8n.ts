// n8n reachability: its readiness endpoint (/healthz/readiness answers 200 once n8n's database
// and migrations are ready). Where n8n is: the `n8n` setting's base_url, else N8N_URL; neither
// means "not configured", which is skipped, not a failure. No URL appears in the answer: /health
// is public and a base URL can carry credentials.
import type pg from 'pg';
import * as settings from '../../settings/service.ts';
import { runCheck, skipped, type CheckResult } from '../check.ts';

/**
 * The readiness URL under a base URL (which may have a path prefix behind a proxy). Credentials
 * in the base URL (a proxy's basic auth) become an Authorization header: fetch refuses URLs
 * that carry them.
 */
export function readinessRequest(baseUrl: string): { url: URL; headers: Record<string, string> } {
  const base = new URL(baseUrl);
  const headers: Record<string, string> = {};
  if (base.username || base.password) {
    const user = decodeURIComponent(base.username);
    const password = decodeURIComponent(base.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return { url: new URL('healthz/readiness', base), headers };
}

async function n8nBaseUrl(
  pool: pg.Pool,
  encryptionKey: Buffer,
  envUrl: string | undefined,
): Promise<{ url: string; source: 'setting' | 'env' } | undefined> {
  const setting = await settings.get(pool, encryptionKey, 'n8n');
  const fromSetting = setting.value.base_url;
  if (typeof fromSetting === 'string' && fromSetting) return { url: fromSetting, source: 'setting' };
  return envUrl ? { url: envUrl, source: 'env' } : undefined;
}

function unreachable(error: unknown): Error {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return new Error(`n8n is unreachable${code}`);
}

export async function checkN8n(
  pool: pg.Pool,
  options: { timeoutMs: number; encryptionKey: Buffer; envUrl: string | undefined },
): Promise<CheckResult> {
  const controller = new AbortController();
  // The setting lookup shares the deadline: a check must never take longer than it.
  const result = await runCheck(
    'n8n',
    options.timeoutMs,
    async () => {
      const target = await n8nBaseUrl(pool, options.encryptionKey, options.envUrl);
      if (!target) return skipped('n8n is not configured (n8n setting base_url or N8N_URL)');
      let response: Response;
      try {
        const { url, headers } = readinessRequest(target.url);
        response = await fetch(url, { headers, signal: controller.signal, redirect: 'manual' });
      } catch (error) {
        throw unreachable(error);
      }
      await response.body?.cancel();
      return response.status === 200
        ? { status: 'up', source: target.source }
        : {
            status: 'down',
            error: `n8n readiness answered ${response.status}`,
            source: target.source,
            status_code: response.status,
          };
    },
    // Past the deadline the request is still open: abort it so a hanging n8n holds no socket.
    () => controller.abort(),
  );
  if (result.status === 'skipped') delete result.latency_ms;
  return result;
}
