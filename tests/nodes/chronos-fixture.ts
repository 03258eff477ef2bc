// What the Chronos node tests share: a fresh database and a real admin-api, an API key with
// the scopes under test for the node, an admin key to seed and read back data directly, and
// the built node run in-process by the harness.
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import type { Scope } from '../../admin-api/src/modules/api-keys/scopes.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request, type Reply } from '../helpers/http.ts';
import { runChronosNode, type HarnessCredentials } from '../helpers/n8n-harness.ts';

export type ChronosFixture = {
  api: TestApi;
  pool: pg.Pool;
  credentials: HarnessCredentials;
  /** A direct API call with an admin key (seeding, reading back). Fails the test on >= 400. */
  call(method: string, path: string, body?: unknown): Promise<Reply['body']>;
  /** A direct API call with an admin key, answer as is. */
  raw(method: string, path: string, body?: unknown): Promise<Reply>;
  /** Runs the node with the fixture's key. */
  run(
    parameters: IDataObject,
    items?: INodeExecutionData[],
    continueOnFail?: boolean,
  ): ReturnType<typeof runChronosNode>;
  close(): Promise<void>;
};

export async function startChronos(scopes: Scope[]): Promise<ChronosFixture> {
  const database: TestDatabase = await createTestDatabase();
  const api = await startTestApi(database.url, {}, UNLIMITED);
  const pool = new pg.Pool({ connectionString: database.url });
  const nodeKey = (await createApiKey(pool, { name: 'n8n node', scopes })).key;
  const adminKey = (await createApiKey(pool, { name: 'test admin', scopes: ['admin'] })).key;
  const credentials = { baseUrl: api.url, apiKey: nodeKey };
  const raw = (method: string, path: string, body?: unknown) =>
    request(api.url, method, path, { token: adminKey, body });
  return {
    api,
    pool,
    credentials,
    raw,
    async call(method, path, body) {
      const reply = await raw(method, path, body);
      assert.ok(reply.status < 400, `${method} ${path}: HTTP ${reply.status} ${reply.text}`);
      return reply.body;
    },
    run: (parameters, items, continueOnFail) => runChronosNode({ credentials, parameters, items, continueOnFail }),
    async close() {
      await pool.end();
      await api.close();
      await database.drop();
    },
  };
}

/** The JSON of the output items, after asserting the run did not fail. */
export function jsonOf(result: Awaited<ReturnType<typeof runChronosNode>>): IDataObject[] {
  assert.equal(result.error, undefined, `the node failed: ${result.error?.message} ${result.error?.description ?? ''}`);
  return result.items.map((item) => item.json);
}

/** A whole hour `hours` from a fixed Monday 00:00 UTC in the future (stable windows). */
export function at(hours: number, minutes = 0): string {
  return new Date(Date.UTC(2031, 2, 3, hours, minutes)).toISOString();
}
