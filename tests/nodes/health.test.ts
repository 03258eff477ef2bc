// The Chronos node's health resource against a real admin-api: record a sample (a full disk),
// evaluate the host (the detection is reported; apply off stores nothing), list hosts, ask
// for a healing action (dry run); field errors shown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { disk, sample } from '../helpers/health-samples.ts';
import { runChronosNode, type HarnessCredentials } from '../helpers/n8n-harness.ts';

type Json = Record<string, unknown>;

describe('Chronos node: health', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let credentials: HarnessCredentials;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const key = (await createApiKey(pool, { name: 'ops', scopes: ['health.report', 'health.manage'] })).key;
    credentials = { baseUrl: api.url, apiKey: key };
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const run = (parameters: Json, continueOnFail = false) =>
    runChronosNode({ credentials, parameters: { resource: 'health', ...parameters }, continueOnFail });

  it('records a sample, evaluates it (apply off: reported, not stored), lists the host', async () => {
    const body = sample('gpu-07', Date.now() - 1000, { disks: [disk('/', 2)] });
    const recorded = await run({ operation: 'recordSample', sample: JSON.stringify(body) });
    assert.equal(recorded.error, undefined, recorded.error?.message);
    assert.equal(recorded.items[0]!.json.duplicate, false);

    const evaluated = await run({ operation: 'evaluate', host: 'gpu-07', apply: false });
    assert.equal(evaluated.error, undefined, evaluated.error?.message);
    const result = evaluated.items[0]!.json;
    assert.equal(result.applied, false);
    const host = (result.hosts as Json[]).find((h) => h.host === 'gpu-07')!;
    const detections = host.detections as Json[];
    assert.ok(
      detections.some((d) => String(d.kind).includes('disk')),
      JSON.stringify(detections),
    );
    const stored = await pool.query(`SELECT count(*)::int AS n FROM health_events WHERE host = 'gpu-07'`);
    assert.equal(stored.rows[0].n, 0, 'apply off stores nothing');

    const hosts = await run({ operation: 'getHosts' });
    assert.deepEqual(
      hosts.items.map((i) => i.json.host),
      ['gpu-07'],
    );
  });

  it('requests a healing action as a dry run', async () => {
    const { items, error } = await run({
      operation: 'requestHealingAction',
      host: 'gpu-07',
      action: 'RESTART_SERVICE',
      params: '{ "service": "n8n" }',
      reason: 'test from n8n',
      dryRun: true,
    });
    assert.equal(error, undefined, error?.message);
    assert.equal(items[0]!.json.action, 'RESTART_SERVICE');
    assert.equal(items[0]!.json.host, 'gpu-07');
    assert.equal(typeof items[0]!.json.queued, 'boolean');
  });

  it('shows the API’s field errors (continue on fail: an error item)', async () => {
    const { items } = await run({ operation: 'recordSample', sample: '{ "host": "bad host!" }' }, true);
    assert.equal(items[0]!.json.httpCode, '400');
    assert.match(String(items[0]!.json.description), /host: /);
    assert.match(String(items[0]!.json.description), /taken_at: /);
  });
});
