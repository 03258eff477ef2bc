// Ingest over HTTP against real PostgreSQL (SPEC 3.8): ingest tokens (created once, listed
// without secrets, revoked, deleted, audited), POST /ingest/{domain} with every refusal
// (400 invalid domain / invalid json, 401 for each kind of bad token, 413, 429), arrays, the
// `ingest.received` outbox message, usage statistics, revocation taking effect at once (also
// through NOTIFY), the read side (domains, records) and the streamed JSONL export.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { checksum } from '../../admin-api/src/modules/api-keys/key-format.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { recordIds } from '../../admin-api/src/modules/ingest/record-ids.ts';
import { INGEST_MESSAGE } from '../../admin-api/src/modules/ingest/service.ts';
import { createRecordWriter } from '../../admin-api/src/modules/ingest/writer.ts';
import { emitEvent } from '../../admin-api/src/modules/outbox/emit.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request, type Reply } from '../helpers/http.ts';

const MAX_BYTES = 2 * 1024 * 1024;
const INGEST_PER_MINUTE = 25;
const GENERAL_PER_MINUTE = 40;

type Sent = { token?: string; ip?: string; headers?: Record<string, string>; raw?: string | Buffer };

describe('ingest', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let manager: string;
  let reader: string;
  let nextIp = 1;
  /** A client address of its own, so one test's rate-limit budget does not touch another's. */
  const freshIp = () => `10.9.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {
      TRUST_PROXY: 'true',
      // Above the global JSON parser's 1 MB: proves ingest parses with its own limit.
      INGEST_MAX_BYTES: String(MAX_BYTES),
      INGEST_RATE_LIMIT_PER_IP: String(INGEST_PER_MINUTE),
      RATE_LIMIT_PER_IP: String(GENERAL_PER_MINUTE),
      // Long: only invalidation (never expiry) can explain a refusal after a change.
      API_KEY_CACHE_TTL_MS: '600000',
    });
    pool = new pg.Pool({ connectionString: database.url });
    manager = (await createApiKey(pool, { name: 'integrations', scopes: ['integrations.manage'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://hooks.example.test/ingest', ARRAY['ingest.*'],
               '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, token = manager) =>
    request(api.url, method, path, { token, body });

  async function ingest(domain: string, body: unknown, sent: Sent = {}): Promise<Reply> {
    const response = await fetch(`${api.url}/ingest/${domain}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': sent.ip ?? freshIp(),
        ...(sent.token ? { authorization: `Bearer ${sent.token}` } : {}),
        ...sent.headers,
      },
      body: sent.raw ?? JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text, text };
  }

  async function newToken(domain: string, extra: Record<string, unknown> = {}) {
    const created = await call('POST', '/api/v1/ingest-tokens', { domain, ...extra });
    assert.equal(created.status, 200, created.text);
    return created.body as { id: string; token: string };
  }

  const recordCount = async (domain: string) =>
    Number((await pool.query('SELECT count(*) AS n FROM ingest_records WHERE domain = $1', [domain])).rows[0].n);
  const outboxFor = async (domain: string) =>
    (
      await pool.query(
        `SELECT payload FROM outbox WHERE event_type = 'ingest.received' AND entity_id = $1 ORDER BY created_at`,
        [domain],
      )
    ).rows.map((r) => r.payload);

  async function exportLines(domain: string, query = '', token = reader) {
    const response = await fetch(`${api.url}/api/v1/ingest/${domain}/export${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    return {
      response,
      text,
      lines: text
        ? text
            .trimEnd()
            .split('\n')
            .map((l) => JSON.parse(l))
        : [],
    };
  }

  it('creates a token once, lists and gets it without the secret, revokes and deletes it, all audited', async () => {
    const created = await call('POST', '/api/v1/ingest-tokens', {
      domain: 'lifecycle',
      description: 'weather station',
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(created.status, 200, created.text);
    const { id, token } = created.body;
    assert.match(token, /^chronos_ingest_[0-9A-Za-z]{50}$/);
    assert.equal(created.body.prefix, `${token.slice(0, 27)}…`);
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.use_count, 0);

    const got = await call('GET', `/api/v1/ingest-tokens/${id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.description, 'weather station');
    assert.equal(got.body.token, undefined);
    const listed = await call('GET', `/api/v1/ingest-tokens?filter=${encodeURIComponent('{"domain":"lifecycle"}')}`);
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get('content-range'), 'ingest-tokens 0-0/1');
    for (const reply of [got, listed]) assert.ok(!reply.text.includes(token.slice(27, 59)), 'the secret leaked');

    const revoked = await call('POST', `/api/v1/ingest-tokens/${id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    const byStatus = await call('GET', `/api/v1/ingest-tokens?filter=${encodeURIComponent('{"status":"revoked"}')}`);
    assert.deepEqual(
      byStatus.body.map((t: { id: string }) => t.id),
      [id],
    );
    assert.equal((await call('DELETE', `/api/v1/ingest-tokens/${id}`)).status, 200);
    assert.equal((await call('GET', `/api/v1/ingest-tokens/${id}`)).status, 404);
    assert.equal((await call('POST', `/api/v1/ingest-tokens/${id}/revoke`)).status, 404);

    const audit = await pool.query(
      `SELECT action, old_value::text AS old, new_value::text AS new FROM audit_log
        WHERE entity = 'ingest_token' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['create', 'revoke', 'delete'],
    );
    const secretHash = token.slice(27, 59);
    for (const row of audit.rows) assert.ok(!`${row.old}${row.new}`.includes(secretHash));
  });

  it('validates token input and scopes', async () => {
    const bad = await call('POST', '/api/v1/ingest-tokens', {
      domain: 'Bad_Domain',
      expires_at: '2001-01-01T00:00:00Z',
    });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.domain);
    assert.equal(bad.body.errors.expires_at, 'must be in the future');
    assert.equal((await call('POST', '/api/v1/ingest-tokens', { domain: 'a'.repeat(64) })).status, 400);
    const denied = await call('POST', '/api/v1/ingest-tokens', { domain: 'scoped' }, reader);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.missingScope, 'integrations.manage');
    assert.equal((await call('GET', '/api/v1/ingest/domains', undefined, manager)).status, 403);
  });

  it('stores one record per object with domain, time, address, token and size', async () => {
    const { id: tokenId, token } = await newToken('sensors');
    const raw = '{"temperature": 21.5, "big": 12345678901234567890, "text": "Grüße"}';
    const ip = freshIp();
    const reply = await ingest('sensors', undefined, { token, raw, ip });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.received, 1);
    assert.equal(reply.body.ids.length, 1);
    const row = (
      await pool.query(
        `SELECT domain, payload::text AS payload, host(source_ip) AS ip, token_id, size_bytes, received_at
           FROM ingest_records WHERE id = $1`,
        [reply.body.ids[0]],
      )
    ).rows[0];
    assert.equal(row.domain, 'sensors');
    // The JSON text goes to PostgreSQL as received: a 20-digit integer keeps every digit.
    assert.equal(row.payload, '{"big": 12345678901234567890, "text": "Grüße", "temperature": 21.5}');
    assert.equal(row.ip, ip);
    assert.equal(row.token_id, tokenId);
    assert.equal(row.size_bytes, Buffer.byteLength(raw));
    assert.ok(Math.abs(row.received_at.getTime() - Date.now()) < 10_000);

    // X-Chronos-Token works as well as the bearer header, and the content type does not matter.
    const viaHeader = await ingest(
      'sensors',
      { n: 2 },
      { headers: { 'x-chronos-token': token, 'content-type': 'text/plain' } },
    );
    assert.equal(viaHeader.status, 200, viaHeader.text);
    assert.equal(await recordCount('sensors'), 2);
  });

  it('answers 400 invalid domain before anything else', async () => {
    for (const domain of ['Bad_Domain', 'UPPER', 'dots.not.allowed', 'a'.repeat(64), '%C3%A4']) {
      const reply = await ingest(domain, { a: 1 });
      assert.equal(reply.status, 400, `${domain}: ${reply.text}`);
      assert.match(reply.body.detail, /^invalid domain/);
      assert.ok(reply.body.errors.domain);
      assert.match(reply.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
  });

  it('answers 401 with a clear message for every kind of bad token, and stores nothing', async () => {
    const { id: expiringId, token: expiring } = await newToken('guarded');
    const { token: revokedToken, id: revokedId } = await newToken('guarded');
    const { token: otherDomain } = await newToken('elsewhere');
    const { token: valid } = await newToken('guarded');
    await pool.query(`UPDATE ingest_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiringId]);
    await call('POST', `/api/v1/ingest-tokens/${revokedId}/revoke`);
    const publicId = valid.slice(15, 27);
    const forged = `chronos_ingest_${publicId}${'x'.repeat(32)}`;
    const wrongSecret = `${forged}${checksum(forged)}`;
    const unknownBody = `chronos_ingest_${'Z'.repeat(12)}${'y'.repeat(32)}`;
    const unknown = `${unknownBody}${checksum(unknownBody)}`;

    const cases: Array<[string, Sent, RegExp]> = [
      ['missing', {}, /ingest token required/],
      ['not bearer', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }, /must be "Bearer <ingest token>"/],
      ['malformed', { token: 'chronos_ingest_short' }, /malformed/],
      ['bad checksum', { token: `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}` }, /malformed/],
      ['an API key', { token: manager }, /malformed/],
      ['unknown', { token: unknown }, /^the ingest token is not valid$/],
      ['wrong secret', { token: wrongSecret }, /^the ingest token is not valid$/],
      ['revoked', { token: revokedToken }, /revoked/],
      ['expired', { token: expiring }, /expired/],
      ['other domain', { token: otherDomain }, /not valid for domain "guarded"/],
      ['two tokens', { token: valid, headers: { 'x-chronos-token': otherDomain } }, /different tokens/],
    ];
    for (const [name, sent, message] of cases) {
      const reply = await ingest('guarded', { a: 1 }, sent);
      assert.equal(reply.status, 401, `${name}: ${reply.text}`);
      assert.match(reply.body.detail, message, name);
      assert.equal(reply.headers.get('www-authenticate'), 'Bearer');
    }
    assert.equal(await recordCount('guarded'), 0);
    // The same valid token is accepted, so the refusals above were about the tokens.
    assert.equal((await ingest('guarded', { a: 1 }, { token: valid })).status, 200);
    // Refusals are audited in the background (they never slow the answer down): wait for them.
    const expected = [
      'invalid_ingest_token',
      'revoked_ingest_token',
      'expired_ingest_token',
      'ingest_token_wrong_domain',
    ];
    const deadline = Date.now() + 3000;
    let reasons = new Set<string>();
    while (expected.some((r) => !reasons.has(r)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      const audited = await pool.query(
        `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'auth_failed' AND actor_type = 'ingest'`,
      );
      reasons = new Set(audited.rows.map((r) => r.reason));
    }
    for (const reason of expected) assert.ok(reasons.has(reason), `${reason} not audited`);
  });

  it('answers 400 invalid json for bodies that are not a JSON object or an array of objects', async () => {
    const { token } = await newToken('strict');
    const bodies: Array<[string, string | Buffer, RegExp]> = [
      ['not JSON', 'not json', /not valid JSON/],
      ['truncated', '{"a":', /not valid JSON/],
      ['empty', '', /empty/],
      ['string', '"scalar"', /not string/],
      ['number', '42', /not number/],
      ['null', 'null', /not null/],
      ['array of scalars', '[{"a":1}, 2]', /element 1/],
      ['not UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /UTF-8/],
      ['NUL character', '{"a":"x\\u0000y"}', /^invalid json: a contains a NUL character/],
      ['NUL in a key', '{"k\\u0000":1}', /NUL character/],
      ['lone surrogate', '{"a":{"b":"\\ud800"}}', /^invalid json: a\.b contains an unpaired surrogate/],
      ['NUL in an array', '[{"a":1},{"b":"\\u0000"}]', /^invalid json: 1\.b contains a NUL/],
      ['number beyond numeric', '{"a":1e1000000}', /cannot store/],
      ['nested too deep', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /cannot store/],
    ];
    for (const [name, raw, message] of bodies) {
      const reply = await ingest('strict', undefined, { token, raw });
      assert.equal(reply.status, 400, `${name}: ${reply.text}`);
      assert.match(reply.body.detail, /^invalid json: /, name);
      assert.match(reply.body.detail, message, name);
    }
    assert.equal(await recordCount('strict'), 0);
    assert.deepEqual(await outboxFor('strict'), []);
  });

  it('never answers 5xx to random bodies, and stores nothing when it refuses', async () => {
    const { token } = await newToken('fuzzed');
    const text = fc.string({ unit: 'binary', maxLength: 30 });
    const record = fc.dictionary(text, fc.oneof(text, fc.jsonValue({ maxDepth: 3 })), { maxKeys: 5 });
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.array(record, { maxLength: 5 }).map((v) => JSON.stringify(v)),
      record.map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constantFrom('{"n":1e400}', '{"n":-0}', '[{}]', '{"a":"\\u0000"}', '{"\\ud800":1}', '['.repeat(5000)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const before = await recordCount('fuzzed');
        const reply = await ingest('fuzzed', undefined, { token, raw });
        assert.ok([200, 400, 413].includes(reply.status), `${reply.status} for ${JSON.stringify(raw)}: ${reply.text}`);
        const stored = (await recordCount('fuzzed')) - before;
        assert.equal(stored, reply.status === 200 ? reply.body.received : 0, JSON.stringify(raw));
      }),
      { numRuns: 150 },
    );
  });

  it('answers 413 beyond INGEST_MAX_BYTES (not the global 1 MB) and beyond 1000 records', async () => {
    const { token } = await newToken('large');
    const filler = (bytes: number) => JSON.stringify({ data: 'x'.repeat(bytes - 11) });
    const accepted = await ingest('large', undefined, { token, raw: filler(MAX_BYTES - 1000) });
    assert.equal(accepted.status, 200, accepted.text.slice(0, 200));
    const refused = await ingest('large', undefined, { token, raw: filler(MAX_BYTES + 1) });
    assert.equal(refused.status, 413);
    assert.match(refused.body.detail, new RegExp(`larger than the ingest limit of ${MAX_BYTES} bytes`));
    const many = await ingest(
      'large',
      Array.from({ length: 1001 }, (_, i) => ({ i })),
      { token },
    );
    assert.equal(many.status, 413);
    assert.match(many.body.detail, /1001 records; at most 1000/);
    assert.equal(await recordCount('large'), 1);
  });

  it('stores an array as several records and emits one message per request', async () => {
    const { token, id: tokenId } = await newToken('batch');
    const reply = await ingest('batch', [{ n: 1 }, { n: 2 }, { n: 3, nested: { list: [1, 2] } }], { token });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.received, 3);
    const stored = await pool.query(
      `SELECT id, payload, size_bytes FROM ingest_records WHERE domain = 'batch' ORDER BY received_at, id`,
    );
    assert.deepEqual(
      stored.rows.map((r) => r.id),
      reply.body.ids,
      'ids come back in body order, and sort that way',
    );
    assert.deepEqual(
      stored.rows.map((r) => r.payload.n),
      [1, 2, 3],
    );
    assert.equal(stored.rows[0].size_bytes, Buffer.byteLength('{"n":1}'), 'the size of the element as sent');

    const messages = await outboxFor('batch');
    assert.equal(messages.length, 1);
    assert.equal(messages[0].type, 'ingest.received');
    assert.equal(messages[0].data.domain, 'batch');
    assert.equal(messages[0].data.count, 3);
    assert.deepEqual(messages[0].data.ids, reply.body.ids);
    assert.equal(messages[0].data.token_id, tokenId);

    // The receiver writes its outbox rows in the same statement as the records (one round
    // trip); they must be exactly what emitEvent() writes for the same message.
    const columns = `event_type, channel, subscription_id, target, status, attempts, max_attempts, entity, entity_id,
      replace(idempotency_key, payload->>'id', '<id>') AS key, (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(payload) k) AS envelope,
      payload->'type' AS type, (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(payload->'data') k) AS data_keys`;
    const ours = await pool.query(
      `SELECT ${columns} FROM outbox WHERE event_type = 'ingest.received' AND entity_id = 'batch'`,
    );
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await emitEvent(client, {
        type: 'ingest.received',
        entity: { kind: 'ingest_domain', id: 'batch' },
        data: messages[0].data,
      });
      const theirs = await client.query(
        `SELECT ${columns} FROM outbox WHERE event_type = 'ingest.received' AND entity_id = 'batch'
          AND payload->>'id' <> $1`,
        [messages[0].id],
      );
      assert.deepEqual(ours.rows, theirs.rows);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    assert.match(messages[0].data.received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    // Without a matching active subscription, nothing goes to the outbox.
    await pool.query('UPDATE subscriptions SET active = false');
    try {
      assert.equal((await ingest('batch', { quiet: true }, { token })).status, 200);
    } finally {
      await pool.query('UPDATE subscriptions SET active = true');
    }
    assert.equal((await outboxFor('batch')).length, 1);

    const empty = await ingest('batch', [], { token });
    assert.deepEqual(empty.body, { received: 0, ids: [] });
    assert.equal((await outboxFor('batch')).length, 1, 'nothing stored, nothing emitted');
  });

  it('keeps array elements exactly as sent, and one bad request does not fail others written with it', async () => {
    const { token } = await newToken('exact');
    const raw = '[ {"n": 12345678901234567890, "s": "a,]}[\\"{"} ,\n{"b":[1,{"c":"\\\\"}]} ]';
    const reply = await ingest('exact', undefined, { token, raw });
    assert.equal(reply.status, 200, reply.text);
    const rows = await pool.query(
      `SELECT payload::text AS payload, size_bytes FROM ingest_records WHERE domain = 'exact' ORDER BY received_at, id`,
    );
    assert.deepEqual(rows.rows, [
      { payload: '{"n": 12345678901234567890, "s": "a,]}[\\"{"}', size_bytes: 44 },
      { payload: '{"b": [1, {"c": "\\\\"}]}', size_bytes: 20 },
    ]);

    // Concurrent requests are written together (writer.ts); one the database refuses
    // (a number beyond numeric) must fail alone.
    const ip = freshIp();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ingest('exact', undefined, { token, ip, raw: i === 7 ? '{"bad":1e1000000}' : `{"i":${i}}` }),
      ),
    );
    assert.deepEqual(
      replies.map((r) => r.status),
      Array.from({ length: 20 }, (_, i) => (i === 7 ? 400 : 200)),
    );
    assert.equal(await recordCount('exact'), 2 + 19);
    assert.equal((await outboxFor('exact')).length, 1 + 19);
  });

  it('writes concurrent requests in one statement, and retries them alone when the database refuses one', async () => {
    const { id: tokenId } = await newToken('grouped');
    // One statement at a time: the first write goes alone, the four queued behind it together.
    const writer = createRecordWriter(pool, INGEST_MESSAGE, { concurrency: 1, maxRecords: 100, maxBytes: 1 << 20 });
    const entry = (json: string) => {
      const ids = recordIds(1);
      return {
        domain: 'grouped',
        ip: null,
        tokenId,
        records: [{ json, bytes: json.length }],
        ids,
        messageId: randomUUID(),
        envelope: JSON.stringify({ id: 'm', type: 'ingest.received', data: { ids } }),
      };
    };
    const first = await Promise.all([0, 1, 2, 3, 4].map((i) => writer.write(entry(`{"i":${i}}`))));
    assert.equal(new Set(first.map((w) => w.receivedAt)).size, 2, 'two statements: one alone, then four together');
    assert.notEqual(first[0]!.receivedAt, first[1]!.receivedAt);

    const settled = await Promise.allSettled(
      ['{"i":5}', '{"i":6}', '{"bad":1e1000000}', '{"i":7}', '{"i":8}'].map((json) => writer.write(entry(json))),
    );
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.equal(await recordCount('grouped'), 9);
    assert.equal((await outboxFor('grouped')).length, 9, 'one message per request, also in a group');
  });

  it('refuses a revoked token at once, and a token changed in SQL promptly (NOTIFY)', async () => {
    const { id, token } = await newToken('revocable');
    assert.equal((await ingest('revocable', { a: 1 }, { token })).status, 200);
    assert.equal((await ingest('revocable', { a: 2 }, { token })).status, 200, 'now served from the cache');
    assert.equal((await call('POST', `/api/v1/ingest-tokens/${id}/revoke`)).status, 200);
    const refused = await ingest('revocable', { a: 3 }, { token });
    assert.equal(refused.status, 401);
    assert.match(refused.body.detail, /revoked/);

    const second = await newToken('revocable');
    assert.equal((await ingest('revocable', { a: 4 }, { token: second.token })).status, 200);
    await pool.query('DELETE FROM ingest_tokens WHERE id = $1', [second.id]);
    const deadline = Date.now() + 2000;
    let status = 200;
    while (status === 200 && Date.now() < deadline)
      status = (await ingest('revocable', [], { token: second.token })).status;
    assert.equal(status, 401, 'a token deleted in the database must stop working');
    assert.equal(await recordCount('revocable'), 3);
  });

  it('records token usage in batches', async () => {
    const { id, token } = await newToken('usage');
    const ip = freshIp();
    for (let i = 0; i < 3; i++) assert.equal((await ingest('usage', { i }, { token, ip })).status, 200);
    const deadline = Date.now() + 5000;
    let body = (await call('GET', `/api/v1/ingest-tokens/${id}`)).body;
    while (body.use_count < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      body = (await call('GET', `/api/v1/ingest-tokens/${id}`)).body;
    }
    assert.equal(body.use_count, 3);
    assert.equal(body.last_used_ip, ip);
    assert.ok(body.last_used_at);
  });

  it('limits ingest per address (429 with Retry-After), and stops token guessers first', async () => {
    const { token } = await newToken('limited');
    const ip = freshIp();
    let last: Reply | undefined;
    for (let i = 0; i < INGEST_PER_MINUTE; i++) {
      last = await ingest('limited', { i }, { token, ip });
      assert.equal(last.status, 200, last.text);
    }
    assert.equal(last!.headers.get('x-ratelimit-remaining'), '0');
    const limited = await ingest('limited', { over: true }, { token, ip });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await ingest('limited', { other: true }, { token })).status, 200, 'other addresses are not affected');

    // Refused tokens spend the general per-address budget; once it is gone, even a valid
    // token from that address is turned away before any lookup.
    const guesser = freshIp();
    for (let i = 0; i < GENERAL_PER_MINUTE; i++)
      assert.equal((await ingest('limited', { i }, { token: 'chronos_ingest_guess', ip: guesser })).status, 401);
    assert.equal((await ingest('limited', { i: 0 }, { token, ip: guesser })).status, 429);
    assert.equal(await recordCount('limited'), INGEST_PER_MINUTE + 1);
  });

  it('lists domains and records with the list contract', async () => {
    const { token } = await newToken('listing');
    await newToken('listing');
    await ingest(
      'listing',
      [
        { city: 'Berlin', t: 1 },
        { city: 'Hamburg', t: 2 },
        { city: 'Köln', t: 3 },
      ],
      { token },
    );
    const domains = await call(
      'GET',
      `/api/v1/ingest/domains?filter=${encodeURIComponent('{"q":"listing"}')}`,
      undefined,
      reader,
    );
    assert.equal(domains.status, 200, domains.text);
    assert.equal(domains.body.length, 1);
    assert.equal(domains.body[0].id, 'listing');
    assert.equal(domains.body[0].record_count, 3);
    assert.equal(domains.body[0].active_tokens, 2);
    assert.ok(domains.body[0].last_received_at);

    const records = await call('GET', '/api/v1/ingest/listing/records', undefined, reader);
    assert.equal(records.status, 200, records.text);
    assert.equal(records.headers.get('content-range'), 'ingest-records 0-2/3');
    assert.deepEqual(
      records.body.map((r: { payload: { t: number } }) => r.payload.t),
      [3, 2, 1],
      'newest first by default (received_at, then id, descending)',
    );
    assert.match(records.body[0].received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const searched = await call(
      'GET',
      `/api/v1/ingest/listing/records?filter=${encodeURIComponent('{"q":"hamburg"}')}`,
      undefined,
      reader,
    );
    assert.deepEqual(
      searched.body.map((r: { payload: { city: string } }) => r.payload.city),
      ['Hamburg'],
    );
    const future = new Date(Date.now() + 60_000).toISOString();
    const windowed = await call(
      'GET',
      `/api/v1/ingest/listing/records?filter=${encodeURIComponent(JSON.stringify({ from: future }))}`,
      undefined,
      reader,
    );
    assert.deepEqual(windowed.body, []);
    assert.equal((await call('GET', '/api/v1/ingest/Bad_Domain/records', undefined, reader)).status, 400);
    assert.equal(
      (
        await call(
          'GET',
          `/api/v1/ingest/listing/records?filter=${encodeURIComponent('{"from":"yesterday"}')}`,
          undefined,
          reader,
        )
      ).status,
      400,
    );
  });

  it('exports thousands of records as JSON lines in (received_at, id) order, bounded by from/to', async () => {
    const { token } = await newToken('exported');
    const ip = freshIp();
    const sentIds: string[] = [];
    for (let batch = 0; batch < 3; batch++) {
      const reply = await ingest(
        'exported',
        Array.from({ length: 1000 }, (_, i) => ({ batch, i, text: `line ${i}\nwith "quotes"` })),
        { token, ip },
      );
      assert.equal(reply.status, 200, reply.text);
      sentIds.push(...reply.body.ids);
      await new Promise((r) => setTimeout(r, 5));
    }
    await ingest('other-domain', { not: 'exported' }, { token: (await newToken('other-domain')).token });

    const all = await exportLines('exported');
    assert.equal(all.response.status, 200);
    assert.match(all.response.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    assert.equal(all.lines.length, 3000);
    assert.deepEqual(
      all.lines.map((l) => l.id),
      sentIds,
      'every record exactly once, in body order across requests',
    );
    const dbOrder = await pool.query(
      `SELECT id FROM ingest_records WHERE domain = 'exported' ORDER BY received_at, id`,
    );
    assert.deepEqual(
      all.lines.map((l) => l.id),
      dbOrder.rows.map((r) => r.id),
    );
    assert.deepEqual(all.lines[1001], {
      id: sentIds[1001],
      domain: 'exported',
      received_at: all.lines[1001].received_at,
      payload: { batch: 1, i: 1, text: 'line 1\nwith "quotes"' },
    });
    assert.equal(all.text.split('\n').length, 3001, 'one line per record (newlines in strings stay escaped)');

    // from (inclusive) … to (exclusive): the second batch only.
    const from = all.lines[1000].received_at;
    const to = all.lines[2000].received_at;
    assert.notEqual(from, to);
    const window = await exportLines('exported', `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    assert.equal(window.response.status, 200);
    assert.deepEqual(
      window.lines.map((l) => l.id),
      sentIds.slice(1000, 2000),
    );
    const empty = await exportLines('nothing-here');
    assert.equal(empty.response.status, 200);
    assert.equal(empty.text, '');
    const badQuery = await exportLines('exported', '?from=soon');
    assert.equal(badQuery.response.status, 400);
    assert.equal((await exportLines('exported', `?from=${to}&to=${from}`)).response.status, 400);
    assert.equal((await exportLines('exported', '?limit=5')).response.status, 400);
    assert.equal((await exportLines('exported', '', manager)).response.status, 403);
  });
});
