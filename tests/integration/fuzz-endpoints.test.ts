// Property-based robustness: random and malformed bodies, list queries (filter/range/sort),
// headers and ids thrown at every endpoint of the OpenAPI document with an admin key.
// Properties: no response is ever ≥ 500, and a refused request (4xx) writes no row.
// (Audit rows of denials and security bookkeeping are intended writes and not counted.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const NOT_COUNTED = new Set(['audit_log', 'security_incidents', 'api_key_ips', 'schema_migrations', 'template_usages']);
const RUNS_PER_ENDPOINT = Number(process.env.CHRONOS_FUZZ_RUNS ?? 25);

type Endpoint = { method: string; path: string };

const idArbitrary = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('0', '-1', '%00', '..', 'null', 'undefined', "' OR 1=1 --", 'ä€😀', 'a'.repeat(300)),
);

const jsonText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('[', '{"a":', 'null', '"x"', '[0,1000000000000]', '["id","UP"]', '{"q":{"$ne":1}}', '[-1,5]'),
  fc.string({ maxLength: 50 }),
);

const queryArbitrary = fc.record(
  {
    filter: jsonText,
    range: jsonText,
    sort: jsonText,
    other: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: [] },
);

const bodyArbitrary = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.object({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '{"name":', 'not json', '', '{"__proto__":{"admin":true}}', JSON.stringify({ scopes: 'admin' })),
);

const headerArbitrary = fc.record(
  {
    range: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('items=0-24', 'x=5-1', 'x=0-99999999')),
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ),
    'x-request-id': fc.string({ maxLength: 80 }),
  },
  { requiredKeys: [] },
);

describe('every endpoint survives random input', { timeout: 600_000 }, () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let key: string;
  let tables: string[];

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    key = (await createApiKey(pool, { name: 'fuzzer', scopes: ['admin'] })).key;
    const result = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    tables = result.rows.map((r) => r.table_name).filter((t) => !NOT_COUNTED.has(t));
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  async function rowCounts(): Promise<string> {
    const sql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${pg.escapeIdentifier(t)}) AS ${pg.escapeIdentifier(t)}`).join(', ')}`;
    return JSON.stringify((await pool.query(sql)).rows[0]);
  }

  async function endpoints(): Promise<Endpoint[]> {
    const doc = (await (await fetch(`${api.url}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
  }

  it('never answers ≥ 500 and writes nothing when it refuses', async () => {
    const list = await endpoints();
    assert.ok(list.length > 0);
    for (const endpoint of list) {
      await fc.assert(
        fc.asyncProperty(
          idArbitrary,
          queryArbitrary,
          bodyArbitrary,
          headerArbitrary,
          async (id, query, body, headers) => {
            const path = endpoint.path.replace(/\{[A-Za-z_]+\}/g, () => encodeURIComponent(id));
            const search = new URLSearchParams(query as Record<string, string>).toString();
            const before = await rowCounts();
            const response = await fetch(`${api.url}${path}${search ? `?${search}` : ''}`, {
              method: endpoint.method,
              headers: { authorization: `Bearer ${key}`, ...headers },
              body: endpoint.method === 'GET' ? undefined : body,
            });
            const text = await response.text();
            assert.ok(
              response.status < 500,
              `${endpoint.method} ${path}?${search} body=${body} → ${response.status} ${text}`,
            );
            if (response.status >= 400) {
              assert.equal(
                await rowCounts(),
                before,
                `${endpoint.method} ${path} was refused (${response.status}) but wrote rows`,
              );
              assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
            }
          },
        ),
        { numRuns: RUNS_PER_ENDPOINT },
      );
    }
  });
});
