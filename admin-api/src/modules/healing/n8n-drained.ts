// "Workflows drained" before a reboot: n8n's public API lists no running execution. Reads the
// `n8n` setting (base_url, api_key secret) on every call. The key goes only into the request
// header, never into a detail, a log line or an error message.
import type pg from 'pg';
import { SecretBoxError } from '../../crypto/secret-box.ts';
import { getSettingWithSecrets } from '../settings/service.ts';

export type DrainedCheck = { configured: boolean; ok: boolean; detail: string };

export async function workflowsDrained(
  db: pg.Pool | pg.ClientBase,
  encryptionKey: Buffer,
  timeoutMs: number,
): Promise<DrainedCheck> {
  let setting;
  try {
    setting = await getSettingWithSecrets(db, encryptionKey, 'n8n');
  } catch (error) {
    if (error instanceof SecretBoxError)
      return { configured: true, ok: false, detail: 'the n8n API key cannot be decrypted (enter it again)' };
    throw error;
  }
  const baseUrl = typeof setting.value.base_url === 'string' ? setting.value.base_url : null;
  const apiKey = setting.secrets.api_key;
  if (!baseUrl || !apiKey) return { configured: false, ok: false, detail: 'n8n not configured' };

  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/api/v1/executions`);
  url.searchParams.set('status', 'running');
  url.searchParams.set('limit', '1');
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable';
    return { configured: true, ok: false, detail: `n8n ${reason} (${url.origin})` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { configured: true, ok: false, detail: `n8n answered HTTP ${response.status} to the executions query` };
  }
  const body = (await response.json().catch(() => null)) as { data?: unknown } | null;
  if (!body || !Array.isArray(body.data))
    return { configured: true, ok: false, detail: 'n8n answered the executions query with an unexpected body' };
  return body.data.length === 0
    ? { configured: true, ok: true, detail: 'no running executions' }
    : { configured: true, ok: false, detail: 'n8n has running executions' };
}
