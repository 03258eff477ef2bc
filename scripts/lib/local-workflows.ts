// `npm start`'s workflow step, once n8n is ready: a public-API key for the tooling (minted as
// the owner, kept in the local secrets and reused while n8n accepts it), n8n's "Chronos API"
// credential (with a fresh admin-api key) unless it exists, then `import --activate` of every
// workflows/*.json. Returns one summary line; nothing here stops the stack from starting.
import pg from 'pg';
import { SCOPES, type Scope } from '../../admin-api/src/modules/api-keys/scopes.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { storeLocalSecret, type LocalSecrets } from './local-secrets.ts';
import { mintN8nApiKey, N8nApiError, N8nPublicApi } from './n8n-public-api.ts';
import { ensureChronosCredential, importWorkflows, type ImportOutcome } from './workflow-sync.ts';

/** What the workflows call: everything but `admin` (all-powerful) and the agents' `health.report`. */
export const WORKFLOW_KEY_SCOPES: Scope[] = SCOPES.filter((s) => s !== 'admin' && s !== 'health.report');

async function usableKey(n8nUrl: string, key: string): Promise<boolean> {
  if (!key) return false;
  try {
    await new N8nPublicApi(n8nUrl, key).listCredentials();
    return true;
  } catch (error) {
    if (error instanceof N8nApiError && (error.status === 401 || error.status === 403)) return false;
    throw error;
  }
}

export async function setUpLocalWorkflows(options: {
  n8nUrl: string;
  apiUrl: string;
  databaseUrl: string;
  workflowsDir: string;
  dataDir: string;
  secrets: LocalSecrets;
}): Promise<string> {
  let n8nKey = options.secrets.n8nApiKey ?? '';
  if (!(await usableKey(options.n8nUrl, n8nKey))) {
    n8nKey = await mintN8nApiKey(
      options.n8nUrl,
      { email: options.secrets.n8nOwnerEmail, password: options.secrets.n8nOwnerPassword },
      { label: 'chronos local stack', expiresAt: null },
    );
    storeLocalSecret(options.dataDir, 'n8nApiKey', n8nKey);
  }
  const n8n = new N8nPublicApi(options.n8nUrl, n8nKey);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2, application_name: 'chronos-start' });
  pool.on('error', () => undefined);
  try {
    const credentials = await n8n.listCredentials();
    let credentialNote = '';
    if (!credentials.some((c) => c.type === 'chronosApi' && c.name === 'Chronos API')) {
      const { key } = await createApiKey(pool, { name: 'n8n (local stack)', scopes: WORKFLOW_KEY_SCOPES });
      await ensureChronosCredential(n8n, { baseUrl: options.apiUrl, apiKey: key }, credentials);
      credentialNote = ', "Chronos API" credential created';
    }
    const outcomes = await importWorkflows(
      { n8n, pool, dir: options.workflowsDir, actor: 'npm start' },
      { activate: true },
    );
    return `workflows: ${summarize(outcomes)}${credentialNote}`;
  } finally {
    await pool.end();
  }
}

/** "2 installed, 9 up to date, 1 conflict; 8 active, 2 need a credential". */
export function summarize(outcomes: ImportOutcome[]): string {
  if (outcomes.length === 0) return 'none in workflows/';
  const count = (items: string[]) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
    return [...counts].map(([name, n]) => `${n} ${name}`).join(', ');
  };
  const states = count(outcomes.map((o) => o.state));
  const activation = count(
    outcomes.flatMap((o) => {
      if (!o.activation) return [];
      if (o.activation === 'activated' || o.activation === 'already active') return ['active'];
      if (o.activation.startsWith('not activated: needs credential')) return ['need a credential'];
      if (o.activation.startsWith('not activated')) return ['without trigger'];
      return ['failed to activate'];
    }),
  );
  const problems = outcomes.filter((o) => o.state === 'conflict' || o.state === 'failed').map((o) => o.key);
  return `${states}${activation ? `; ${activation}` : ''}${problems.length ? ` (see \`npm run workflows -- status\`: ${problems.join(', ')})` : ''}`;
}
