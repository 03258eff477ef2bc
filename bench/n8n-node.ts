// Benchmark (issue #7): the Chronos node against n8n's own HTTP Request node, in the same real
// n8n, doing the same work: create N events in Chronos, one API call per item. Two workflows
// that differ only in that node (Webhook → Split Out → create), each started through its
// production webhook and timed until n8n answers (responseMode lastNode). Runs alternate
// between the two so drift (caches, autovacuum) hits both alike; the figure is the ratio of
// the medians (target ≤ 1.2).
//   node scripts/bootstrap.mjs bench/n8n-node.ts [events=1000] [rounds=3]
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApiKey } from '../admin-api/src/modules/api-keys/service.ts';
import { buildPackage } from '../scripts/build.ts';
import { mintN8nApiKey, N8nPublicApi, type N8nNode } from '../scripts/lib/n8n-public-api.ts';
import { startTestN8n } from '../tests/helpers/n8n-process.ts';
import { fmt, startApi, startDatabase } from './lib.ts';

const EVENTS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 3);

const db = await startDatabase();
const stops: Array<() => Promise<unknown>> = [async () => db.stop()];
try {
  // n8n's own database on the same throw-away server.
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('CREATE DATABASE n8n_bench');
  await admin.end();
  const pool = new pg.Pool({ connectionString: db.url });
  const chronosKey = (await createApiKey(pool, { name: 'bench n8n', scopes: ['events.read', 'events.write'] })).key;
  await pool.end();

  const api = await startApi(db.url, { LOG_LEVEL: 'warn' });
  stops.unshift(api.close);

  buildPackage();
  const n8nDbUrl = new URL(db.url);
  n8nDbUrl.pathname = '/n8n_bench';
  const n8n = await startTestN8n({ databaseUrl: n8nDbUrl.toString() });
  stops.unshift(n8n.stop);

  const n8nApi = new N8nPublicApi(n8n.url, await mintN8nApiKey(n8n.url, n8n.owner, { label: 'bench' }));
  const credential = await n8nApi.createCredential({
    name: 'Chronos API',
    type: 'chronosApi',
    data: { baseUrl: api.url, apiKey: chronosKey, webhookSecret: '' },
  });

  const headerCredential = await n8nApi.createCredential({
    name: 'Chronos API key header',
    type: 'httpHeaderAuth',
    data: { name: 'Authorization', value: `Bearer ${chronosKey}` },
  });

  // The same item shape for both: title, start and end one hour apart, calendar default.
  const chronosCreate: N8nNode = {
    name: 'Create',
    type: 'n8n-nodes-chronos.chronos',
    typeVersion: 1,
    position: [600, 0],
    parameters: {
      resource: 'event',
      operation: 'create',
      title: '={{ $json.title }}',
      startAt: '={{ $json.start_at }}',
      endAt: '={{ $json.end_at }}',
      mode: 'free',
    },
    credentials: { chronosApi: { id: credential.id, name: credential.name } },
  };
  const httpCreate: N8nNode = {
    name: 'Create',
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    position: [600, 0],
    parameters: {
      method: 'POST',
      url: `${api.url}/api/v1/events`,
      // The key in a credential, as a careful author keeps it (n8n then loads it per call too).
      authentication: 'genericCredentialType',
      genericAuthType: 'httpHeaderAuth',
      sendBody: true,
      specifyBody: 'json',
      jsonBody:
        '={{ JSON.stringify({ title: $json.title, start_at: $json.start_at, end_at: $json.end_at, mode: "free" }) }}',
      options: {},
    },
    credentials: { httpHeaderAuth: { id: headerCredential.id, name: headerCredential.name } },
  };
  const workflow = async (name: string, hookPath: string, create: N8nNode) => {
    const created = await n8nApi.createWorkflow({
      name,
      settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
      nodes: [
        {
          name: 'Webhook',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          position: [0, 0],
          webhookId: randomBytes(8).toString('hex'),
          parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} },
        },
        {
          name: 'Items',
          type: 'n8n-nodes-base.splitOut',
          typeVersion: 1,
          position: [300, 0],
          parameters: { fieldToSplitOut: 'body.items', options: {} },
        },
        create,
      ],
      connections: {
        Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
        Items: { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
      },
    });
    await n8nApi.publishWorkflow(created.id);
    return `${n8n.url}/webhook/${hookPath}`;
  };
  const hooks = {
    chronos: await workflow('bench: Chronos node', 'bench-chronos', chronosCreate),
    http: await workflow('bench: HTTP Request node', 'bench-http', httpCreate),
  };

  let offset = 0;
  const run = async (hook: string, count: number) => {
    const items = Array.from({ length: count }, (_, i) => {
      const start = Date.UTC(2031, 0, 1) + (offset + i) * 3_600_000;
      return {
        title: `Bench ${offset + i}`,
        start_at: new Date(start).toISOString(),
        end_at: new Date(start + 1_800_000).toISOString(),
      };
    });
    offset += count;
    const started = performance.now();
    const response = await fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
      signal: AbortSignal.timeout(600_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${hook}: HTTP ${response.status} ${text.slice(0, 500)}`);
    return performance.now() - started;
  };
  const countEvents = async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM events WHERE title LIKE 'Bench %'`);
    await client.end();
    return rows[0].n as number;
  };

  // Warm-up: JIT, connection pools, n8n's first execution of each workflow. n8n registers a
  // published workflow's webhooks just after answering the publish call.
  for (const hook of [hooks.chronos, hooks.http]) {
    for (let attempt = 0; ; attempt++) {
      try {
        await run(hook, 50);
        break;
      } catch (error) {
        if (attempt >= 50 || !String(error).includes('HTTP 404')) throw error;
        offset -= 50;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
  const times: Record<'chronos' | 'http', number[]> = { chronos: [], http: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order: Array<'chronos' | 'http'> = round % 2 === 0 ? ['chronos', 'http'] : ['http', 'chronos'];
    for (const which of order) times[which].push(await run(hooks[which], EVENTS));
  }
  const expected = 100 + ROUNDS * 2 * EVENTS;
  const stored = await countEvents();
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const chronos = median(times.chronos);
  const http = median(times.http);
  console.log(`events per run: ${fmt(EVENTS)}, rounds: ${ROUNDS}, events stored: ${fmt(stored)} of ${fmt(expected)}`);
  console.log(
    `Chronos node:      median ${fmt(chronos)} ms (${fmt((EVENTS / chronos) * 1000)} events/s) runs ${times.chronos.map((t) => fmt(t)).join(', ')}`,
  );
  console.log(
    `HTTP Request node: median ${fmt(http)} ms (${fmt((EVENTS / http) * 1000)} events/s) runs ${times.http.map((t) => fmt(t)).join(', ')}`,
  );
  console.log(`ratio Chronos / HTTP Request: ${fmt(chronos / http, 2)} (target ≤ 1.2)`);
  if (stored !== expected) process.exitCode = 1;
} finally {
  for (const stop of stops) await stop().catch(() => undefined);
}
