// A small client for n8n's PUBLIC API (`/api/v1`, header X-N8N-API-KEY), the interface n8n
// keeps stable for tools, plus minting such a key as the owner (the REST API behind n8n's
// editor, `POST /rest/api-keys`, is the only way to get one without a browser). Facts checked
// against n8n 2.40.7 (its dist/public-api/v1/openapi.yml and by calling it):
// - workflow writes accept name, nodes, connections, settings, description, nodeGroups,
//   staticData, pinData; `id`, `meta`, `active`, `tags` are read-only ("request/body/meta is
//   read-only") and `settings` refuses unknown keys — so nothing of ours can be stored in n8n;
// - POST /workflows/{id}/publish activates (…/activate is its deprecated alias), and a PUT on a
//   published workflow re-publishes the new version by itself;
// - credentials: GET (list) and POST exist; unknown credential ids in nodes are accepted.
import { n8nLogin, type N8nOwner } from './n8n.ts';

export type N8nNode = {
  id?: string;
  name: string;
  type: string;
  typeVersion?: number;
  disabled?: boolean;
  parameters?: Record<string, unknown>;
  credentials?: Record<string, { id?: string | null; name: string }>;
  [key: string]: unknown;
};

export type N8nWorkflow = {
  id: string;
  name: string;
  active: boolean;
  versionId?: string;
  updatedAt?: string;
  nodes: N8nNode[];
  connections: Record<string, unknown>;
  settings?: Record<string, unknown>;
  [key: string]: unknown;
};

export type N8nCredential = { id: string; name: string; type: string };

/** The body n8n takes for POST/PUT /api/v1/workflows. */
export type N8nWorkflowBody = {
  name: string;
  nodes: N8nNode[];
  connections: Record<string, unknown>;
  settings: Record<string, unknown>;
  description?: string;
  nodeGroups?: unknown[];
};

export class N8nApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'N8nApiError';
    this.status = status;
  }
}

const TIMEOUT_MS = 30_000;

export class N8nPublicApi {
  readonly baseUrl: string;
  readonly #apiKey: string;

  constructor(baseUrl: string, apiKey: string) {
    this.baseUrl = baseUrl;
    this.#apiKey = apiKey;
  }

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const url = new URL(`api/v1${route}`, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    const response = await fetch(url, {
      method,
      headers: {
        'X-N8N-API-KEY': this.#apiKey,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new N8nApiError(response.status, `n8n ${method} /api/v1${route}: HTTP ${response.status} ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async listAll<T>(route: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
      const page = await this.call<{ data: T[]; nextCursor?: string | null }>('GET', `${route}?${query}`);
      items.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  listWorkflows = () => this.listAll<N8nWorkflow>('/workflows');

  /** The workflow, or undefined when n8n has none with that id (deleted in n8n). */
  async getWorkflow(id: string): Promise<N8nWorkflow | undefined> {
    try {
      return await this.call<N8nWorkflow>('GET', `/workflows/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof N8nApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  createWorkflow = (body: N8nWorkflowBody) => this.call<N8nWorkflow>('POST', '/workflows', body);
  updateWorkflow = (id: string, body: N8nWorkflowBody) =>
    this.call<N8nWorkflow>('PUT', `/workflows/${encodeURIComponent(id)}`, body);
  publishWorkflow = (id: string) => this.call<N8nWorkflow>('POST', `/workflows/${encodeURIComponent(id)}/publish`, {});
  /** Unpublishes (n8n 1.x called it deactivating; …/deactivate is the deprecated alias). */
  deactivateWorkflow = (id: string) => this.call<N8nWorkflow>('POST', `/workflows/${encodeURIComponent(id)}/unpublish`);

  listCredentials = () => this.listAll<N8nCredential>('/credentials');
  createCredential = (input: { name: string; type: string; data: Record<string, unknown> }) =>
    this.call<N8nCredential>('POST', '/credentials', input);
}

/** The public-API scopes the workflow tooling needs. */
export const WORKFLOW_TOOL_SCOPES = [
  'workflow:create',
  'workflow:read',
  'workflow:update',
  'workflow:list',
  'workflow:activate',
  'workflow:deactivate',
  'credential:create',
  'credential:list',
];

/**
 * Mints a public-API key as the owner. n8n 2.40.7 requires `label` (1-50 characters), `scopes`
 * (each one n8n knows for the owner's role) and `expiresAt` (unix seconds, or null = never).
 */
export async function mintN8nApiKey(
  url: string,
  owner: N8nOwner,
  options: { label: string; expiresAt?: Date | null },
): Promise<string> {
  const cookie = await n8nLogin(url, owner);
  const response = await fetch(`${url.replace(/\/$/, '')}/rest/api-keys`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      label: options.label.slice(0, 50),
      scopes: WORKFLOW_TOOL_SCOPES,
      expiresAt: options.expiresAt ? Math.floor(options.expiresAt.getTime() / 1000) : null,
    }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`n8n refused to create an API key: HTTP ${response.status} ${text}`);
  const key = (JSON.parse(text) as { data?: { rawApiKey?: string } }).data?.rawApiKey;
  if (!key) throw new Error('n8n created an API key but returned no rawApiKey');
  return key;
}
