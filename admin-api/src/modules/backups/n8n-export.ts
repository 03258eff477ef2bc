// The live n8n workflows, exported through n8n's public API (GET /api/v1/workflows, paged by
// cursor, X-N8N-API-KEY) and normalized (shared/workflow-format.ts), so a backup holds what
// actually runs, in the same form as the versioned workflows/*.json. Not configured (no n8n
// base_url or API key) is a note in the metadata, not a failure; an n8n that is configured but
// does not answer fails the export (and with it the backup): a backup silently missing the
// workflows would only be found out at restore time.
import type pg from 'pg';
import { formatWorkflow } from '../../../../shared/workflow-format.ts';
import { getSettingWithSecrets } from '../settings/service.ts';

export type WorkflowExport = { files: Array<{ name: string; content: string }> } | { skipped: string };

const PAGE = 100;
const TIMEOUT_MS = 30_000;
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function exportN8nWorkflows(db: pg.Pool | pg.ClientBase, key: Buffer): Promise<WorkflowExport> {
  const setting = await getSettingWithSecrets(db, key, 'n8n').catch(() => undefined);
  const baseUrl = setting?.value.base_url as string | null | undefined;
  const apiKey = setting?.secrets.api_key;
  if (!baseUrl || !apiKey) return { skipped: 'n8n workflows not exported: the n8n setting has no base_url or api_key' };
  const files: Array<{ name: string; content: string }> = [];
  let cursor: string | undefined;
  do {
    const url = new URL('api/v1/workflows', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    url.searchParams.set('limit', String(PAGE));
    if (cursor) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, {
      headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`n8n answered ${response.status} to GET /api/v1/workflows`);
    const page = (await response.json()) as { data?: Array<Record<string, unknown>>; nextCursor?: string | null };
    for (const workflow of page.data ?? []) {
      const id = String(workflow.id ?? '');
      if (!SAFE_ID.test(id)) throw new Error(`n8n returned a workflow with an unusable id ${JSON.stringify(id)}`);
      files.push({ name: `n8n-workflows/${id}.json`, content: formatWorkflow(workflow) });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { files };
}
