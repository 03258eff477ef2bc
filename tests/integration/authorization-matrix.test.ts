// The authorization matrix: every endpoint of the OpenAPI document × every kind of caller
// (no auth, malformed key, wrong secret, expired, revoked, each single scope, an admin key)
// → only the allowed combinations get past authorization. The endpoint list and each
// endpoint's required scope come from the generated OpenAPI document (the scope is the role
// in its security requirement), so a new endpoint is covered the moment it is declared.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { SCOPES } from '../../admin-api/src/modules/api-keys/scopes.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Operation = { security?: Array<Record<string, string[]>>; 'x-read-only'?: boolean };
type Endpoint = { method: string; path: string; scope: string | null; readOnly: boolean };

/** Fills path parameters with values that are well-formed but match nothing. */
function concretePath(path: string): string {
  return path.replace(/\{([A-Za-z_]+)\}/g, (_m, name: string) => (name === 'id' ? randomUUID() : 'NO_SUCH_THING'));
}

async function endpoints(api: TestApi): Promise<Endpoint[]> {
  const doc = (await (await fetch(`${api.url}/api/docs/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const list: Endpoint[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const security = operation.security;
      if (security && security.length === 0) continue; // public endpoint
      const roles = security?.[0]?.bearer ?? [];
      list.push({
        method: method.toUpperCase(),
        path,
        scope: roles[0] ?? null,
        readOnly: operation['x-read-only'] === true,
      });
    }
  }
  return list;
}

describe('authorization matrix', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  const keys: Record<string, string> = {};

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    for (const scope of SCOPES)
      keys[scope] = (await createApiKey(pool, { name: `only ${scope}`, scopes: [scope] })).key;
    const expired = await createApiKey(pool, {
      name: 'expired',
      scopes: ['admin'],
      expiresAt: new Date(Date.now() - 1000),
    });
    keys.expired = expired.key;
    const revoked = await createApiKey(pool, { name: 'revoked', scopes: ['admin'] });
    await pool.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [revoked.row.id]);
    keys.revoked = revoked.key;
    keys.wrongSecret = `${keys.admin!.slice(0, -12)}${'A'.repeat(12)}`;
    for (const role of ['admin', 'viewer'] as const) {
      const email = `${role}@matrix.test`;
      await pool.query(`INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, $3)`, [
        email,
        await bcrypt.hash(PASSWORD, 4),
        role,
      ]);
    }
  });

  const PASSWORD = 'Matrix-Pass-123!';
  async function login(role: 'admin' | 'viewer'): Promise<string> {
    const response = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${role}@matrix.test`, password: PASSWORD }),
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { token: string }).token;
  }
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  async function statusOf(endpoint: Endpoint, authorization: string | undefined): Promise<number> {
    const response = await fetch(`${api.url}${concretePath(endpoint.path)}`, {
      method: endpoint.method,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: endpoint.method === 'GET' ? undefined : '{}',
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('covers every declared endpoint and each names the scope it needs', async () => {
    const list = await endpoints(api);
    assert.ok(list.length >= 8, `only ${list.length} endpoints found`);
    for (const endpoint of list) {
      assert.ok(
        ['authenticated', 'session'].includes(endpoint.scope ?? '') ||
          (SCOPES as readonly string[]).includes(endpoint.scope ?? ''),
        `${endpoint.method} ${endpoint.path} declares no known scope (${endpoint.scope})`,
      );
    }
  });

  it('refuses every protected endpoint without valid credentials (401)', async () => {
    const bad: Record<string, string | undefined> = {
      'no auth': undefined,
      'not bearer': 'Basic YWRtaW46YWRtaW4=',
      malformed: 'Bearer chronos_standard_nope',
      'wrong secret': `Bearer ${keys.wrongSecret}`,
      expired: `Bearer ${keys.expired}`,
      revoked: `Bearer ${keys.revoked}`,
    };
    for (const endpoint of await endpoints(api)) {
      for (const [who, authorization] of Object.entries(bad)) {
        assert.equal(await statusOf(endpoint, authorization), 401, `${who} → ${endpoint.method} ${endpoint.path}`);
      }
    }
  });

  it('lets a single-scope key through exactly where that scope (or any key, for "authenticated") is required', async () => {
    for (const endpoint of await endpoints(api)) {
      for (const scope of SCOPES) {
        const status = await statusOf(endpoint, `Bearer ${keys[scope]}`);
        // `session` endpoints (a console user's own account) are closed to every API key.
        const allowed =
          endpoint.scope !== 'session' &&
          (endpoint.scope === 'authenticated' || scope === 'admin' || scope === endpoint.scope);
        const where = `${scope} → ${endpoint.method} ${endpoint.path} (needs ${endpoint.scope})`;
        if (allowed) assert.ok(![401, 403].includes(status) && status < 500, `${where}: ${status}`);
        else assert.equal(status, 403, where);
      }
    }
  });

  it('lets a viewer read everything and change only its own session; an admin user everything', async () => {
    // Logging out ends the session, so those endpoints are checked last with fresh tokens.
    const endsSession = (e: Endpoint) => /logout/.test(e.path);
    const list = await endpoints(api);
    const viewer = await login('viewer');
    const admin = await login('admin');
    for (const endpoint of list.filter((e) => !endsSession(e))) {
      const where = `${endpoint.method} ${endpoint.path} (needs ${endpoint.scope})`;
      const asViewer = await statusOf(endpoint, `Bearer ${viewer}`);
      const viewerAllowed = endpoint.method === 'GET' || endpoint.scope === 'session' || endpoint.readOnly;
      if (viewerAllowed) assert.ok(![401, 403].includes(asViewer) && asViewer < 500, `viewer → ${where}: ${asViewer}`);
      else assert.equal(asViewer, 403, `viewer → ${where}`);
      const asAdmin = await statusOf(endpoint, `Bearer ${admin}`);
      assert.ok(![401, 403].includes(asAdmin) && asAdmin < 500, `admin user → ${where}: ${asAdmin}`);
    }
    for (const endpoint of list.filter(endsSession)) {
      for (const role of ['viewer', 'admin'] as const) {
        const status = await statusOf(endpoint, `Bearer ${await login(role)}`);
        assert.ok(
          ![401, 403].includes(status) && status < 500,
          `${role} → ${endpoint.method} ${endpoint.path}: ${status}`,
        );
      }
    }
  });
});
