// A stand-in for admin-api's agent endpoints (samples, reboot check, HEALING claim,
// complete/fail) over real HTTP, for the agent's own tests and its benchmark: records what
// the agent sent, serves queued commands, and can be switched to fail like an unreachable or
// overloaded server. The end-to-end test (tests/integration/agent.test.ts) uses the real one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Recorded = { method: string; path: string; auth: string | undefined; body: unknown };
export type FakeCommand = { id: string; system: string; action: string; params: Record<string, unknown> };

export type FakeAdminApi = {
  url: string;
  requests: Recorded[];
  samples: Array<Record<string, unknown>>;
  /** Commands handed out by the next claims (host-filtered like the real claim). */
  commands: FakeCommand[];
  completed: Array<{ id: string; result: unknown }>;
  failed: Array<{ id: string; error: string; retry: boolean }>;
  rebootCheck: { allowed: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> } | 'error';
  /** Answer sample pushes with this status instead of 202 (e.g. 503 while "down"). */
  sampleStatus: number;
  waitFor<T>(check: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
};

export const ALL_CHECKS_OK = {
  allowed: true,
  checks: ['database_reachable', 'no_backup_running', 'reboot_rate', 'workflows_drained'].map((name) => ({
    name,
    ok: true,
    detail: 'ok',
  })),
};

export async function startFakeAdminApi(): Promise<FakeAdminApi> {
  const seen = new Set<string>();
  const state: Omit<FakeAdminApi, 'url' | 'waitFor' | 'close'> = {
    requests: [],
    samples: [],
    commands: [],
    completed: [],
    failed: [],
    rebootCheck: ALL_CHECKS_OK,
    sampleStatus: 202,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? JSON.parse(text) : undefined;
      const url = new URL(req.url ?? '/', 'http://fake');
      state.requests.push({
        method: req.method ?? '',
        path: url.pathname + url.search,
        auth: req.headers.authorization,
        body,
      });
      const reply = (status: number, payload?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      if (req.method === 'POST' && url.pathname === '/api/v1/health/samples') {
        if (state.sampleStatus !== 202) return reply(state.sampleStatus, { title: 'unavailable' });
        const key = `${body.host}|${body.taken_at}`;
        if (seen.has(key)) return reply(202, { duplicate: true });
        seen.add(key);
        state.samples.push(body);
        return reply(202, { id: `sample-${state.samples.length}`, duplicate: false });
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/health/reboot-check') {
        if (state.rebootCheck === 'error') return reply(500, { title: 'boom' });
        return reply(200, state.rebootCheck);
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/commands/HEALING') {
        const host = url.searchParams.get('host');
        const limit = Number(url.searchParams.get('limit') ?? 10);
        const mine = state.commands.filter((c) => host === null || c.params.host === host).slice(0, limit);
        state.commands = state.commands.filter((c) => !mine.includes(c));
        return reply(200, mine);
      }
      const done = /^\/api\/v1\/commands\/([^/]+)\/(complete|fail)$/.exec(url.pathname);
      if (req.method === 'POST' && done) {
        if (done[2] === 'complete') state.completed.push({ id: done[1]!, result: body.result });
        else state.failed.push({ id: done[1]!, error: body.error, retry: body.retry });
        return reply(200, { id: done[1] });
      }
      reply(404, { title: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api = state as FakeAdminApi;
  api.url = `http://127.0.0.1:${port}`;
  api.waitFor = async (check, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('fake admin-api: condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
