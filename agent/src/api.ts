// The agent's side of the admin-api contract: push a sample, read the reboot check, claim
// HEALING commands for this host, report complete/fail. Bearer API key (scopes health.report
// and commands.manage); the key is only ever put in the Authorization header.
import { HttpError, httpRequest, type HttpResponse } from './http-client.ts';

export type HealingCommand = { id: string; system: string; action: string; params: Record<string, unknown> };
export type RebootCheck = { allowed: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };

/** An answer the agent did not expect; `retry` says whether sending again later can help. */
export class ApiError extends Error {
  readonly status: number | null;
  readonly retry: boolean;
  constructor(status: number | null, message: string, retry: boolean) {
    super(message);
    this.status = status;
    this.retry = retry;
  }
}

function describe(response: HttpResponse): string {
  try {
    const problem = JSON.parse(response.body) as { title?: string; detail?: string; errors?: unknown };
    const errors = problem.errors ? ` ${JSON.stringify(problem.errors)}` : '';
    return `HTTP ${response.status}: ${problem.detail ?? problem.title ?? ''}${errors}`.slice(0, 1000);
  } catch {
    return `HTTP ${response.status}`;
  }
}

export class AgentApi {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  constructor(baseUrl: string, apiKey: string, timeoutMs: number) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.timeoutMs = timeoutMs;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResponse> {
    try {
      return await httpRequest({
        method,
        url: `${this.baseUrl}${path}`,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      const code = error instanceof HttpError ? error.code : 'EIO';
      throw new ApiError(null, `${method} ${path}: ${code} ${(error as Error).message}`, true);
    }
  }

  private async json<T>(method: 'GET' | 'POST', path: string, expect: number[], body?: unknown): Promise<T> {
    const response = await this.call(method, path, body);
    if (!expect.includes(response.status)) {
      // 5xx, 429 and 408 may pass; 4xx (bad input, wrong key) will not by resending the same thing.
      const retry = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new ApiError(response.status, `${method} ${path}: ${describe(response)}`, retry);
    }
    return (response.body ? JSON.parse(response.body) : null) as T;
  }

  postSample(sample: unknown): Promise<{ id?: string; duplicate: boolean }> {
    return this.json('POST', '/api/v1/health/samples', [200, 201, 202], sample);
  }

  rebootCheck(host: string): Promise<RebootCheck> {
    return this.json('GET', `/api/v1/health/reboot-check?host=${encodeURIComponent(host)}`, [200]);
  }

  claim(host: string, limit: number): Promise<HealingCommand[]> {
    return this.json('GET', `/api/v1/commands/HEALING?host=${encodeURIComponent(host)}&limit=${limit}`, [200]);
  }

  async complete(id: string, result: unknown): Promise<void> {
    await this.json('POST', `/api/v1/commands/${id}/complete`, [200], { result });
  }

  async fail(id: string, error: string, retry = false): Promise<void> {
    await this.json('POST', `/api/v1/commands/${id}/fail`, [200], { error: error.slice(0, 10_000), retry });
  }
}
