// Inbound Standard Webhooks over HTTP (http/verify-webhook.ts through its demonstration route
// POST /api/v1/webhooks/test/:subscriptionId): the raw body is what is verified, the ±5 minute
// window at its edges in both directions, wrong secret, tampered body, several signatures,
// missing headers, and replay protection — the same webhook-id is accepted once, also when two
// copies race, and a refused request records nothing. Plus the middleware form on a bare app.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import pg from 'pg';
import { generateSecret, signatureHeaders } from '../../shared/standard-webhooks.ts';
import { withTransaction } from '../../admin-api/src/db/pool.ts';
import { errorHandler } from '../../admin-api/src/http/error-handler.ts';
import { keepRawBody, recordWebhookId, verifyWebhook } from '../../admin-api/src/http/verify-webhook.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

const SECRET = generateSecret();
// Deliberately not in JSON.stringify's form: a verifier that re-serialised the parsed body
// would compute a different signature.
const BODY = '{ "event":  "ping",\n  "n": 1.50, "text": "Grüße" }';

describe('inbound webhooks', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let subscriptionId: string;
  let counter = 0;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const { key } = await createApiKey(pool, { name: 'setup', scopes: ['workflows.manage'] });
    const created = await request(api.url, 'POST', '/api/v1/subscriptions', {
      token: key,
      body: { url: 'https://n8n.example.test/webhook/in', event_types: ['*'], secret: SECRET },
    });
    assert.equal(created.status, 200, created.text);
    subscriptionId = created.body.id;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const nextId = () => `msg_test_${++counter}_${Date.now()}`;
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

  async function send(headers: Record<string, string>, body = BODY, path = `/api/v1/webhooks/test/${subscriptionId}`) {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : null,
    };
  }
  const signed = (options: { secret?: string | string[]; id?: string; at?: Date; body?: string } = {}) =>
    signatureHeaders(options.secret ?? SECRET, options.id ?? nextId(), options.body ?? BODY, options.at);
  const seen = async (id: string) =>
    Number(
      (
        await pool.query('SELECT count(*) FROM seen_webhook_ids WHERE source = $1 AND webhook_id = $2', [
          `subscription:${subscriptionId}`,
          id,
        ])
      ).rows[0].count,
    );

  it('accepts a correctly signed message over its raw bytes and records its id', async () => {
    const headers = signed();
    const reply = await send(headers);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body, { ok: true, id: headers['webhook-id'] });
    assert.equal(await seen(headers['webhook-id']), 1);
    // The same headers over the re-serialised body do not verify: the raw bytes are what counts.
    const reserialised = signed({ body: JSON.stringify(JSON.parse(BODY)) });
    assert.equal((await send(reserialised)).status, 401);
  });

  it('refuses a wrong secret and a tampered body with 401 naming the reason, recording nothing', async () => {
    const wrong = signed({ secret: generateSecret() });
    const refused = await send(wrong);
    assert.equal(refused.status, 401);
    assert.match(refused.type, /^application\/problem\+json/);
    assert.equal(refused.body.reason, 'bad_signature');
    assert.match(refused.body.detail, /bad signature/);
    assert.equal(await seen(wrong['webhook-id']), 0);

    const headers = signed();
    const tampered = await send(headers, BODY.replace('1.50', '2.50'));
    assert.equal(tampered.status, 401);
    assert.equal(tampered.body.reason, 'bad_signature');
    assert.equal(await seen(headers['webhook-id']), 0);
    // The untampered original still goes through afterwards.
    assert.equal((await send(headers)).status, 200);
  });

  it('accepts 299 s old and 299 s ahead; refuses 301 s old and 301 s ahead', async () => {
    assert.equal((await send(signed({ at: ago(299) }))).status, 200);
    assert.equal((await send(signed({ at: ago(-299) }))).status, 200);
    const old = await send(signed({ at: ago(301) }));
    assert.equal(old.status, 401);
    assert.equal(old.body.reason, 'too_old');
    assert.match(old.body.detail, /too old/);
    const future = await send(signed({ at: ago(-301) }));
    assert.equal(future.status, 401);
    assert.equal(future.body.reason, 'too_new');
  });

  it('accepts two signatures where one matches (rotation)', async () => {
    const headers = signed({ secret: [generateSecret(), SECRET] });
    assert.equal(headers['webhook-signature'].split(' ').length, 2);
    assert.equal((await send(headers)).status, 200);
    const neither = signed({ secret: [generateSecret(), generateSecret()] });
    assert.equal((await send(neither)).status, 401);
  });

  it('refuses a replayed id (409), also with a fresh timestamp and signature, and when two copies race', async () => {
    const headers = signed();
    assert.equal((await send(headers)).status, 200);
    const replay = await send(headers);
    assert.equal(replay.status, 409);
    assert.equal(replay.body.reason, 'replay');
    assert.match(replay.body.detail, /already accepted/);
    const resigned = await send(signed({ id: headers['webhook-id'] }));
    assert.equal(resigned.status, 409);
    assert.equal(await seen(headers['webhook-id']), 1);

    const racing = signed();
    const statuses = (await Promise.all([send(racing), send(racing), send(racing)])).map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409, 409]);
  });

  it('names missing headers, refuses malformed timestamps, unknown subscriptions and non-JSON bodies', async () => {
    const headers = signed();
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const partial: Record<string, string> = { ...headers };
      delete partial[name];
      const reply = await send(partial);
      assert.equal(reply.status, 401, name);
      assert.equal(reply.body.reason, 'missing_headers');
      assert.match(reply.body.detail, new RegExp(`missing ${name}`));
    }
    const badTime = await send({ ...headers, 'webhook-timestamp': 'yesterday' });
    assert.equal(badTime.body.reason, 'invalid_timestamp');
    assert.equal(
      (await send(signed(), BODY, '/api/v1/webhooks/test/00000000-0000-4000-8000-000000000000')).status,
      404,
    );
    assert.equal((await send(signed(), BODY, '/api/v1/webhooks/test/not-a-uuid')).status, 400);
    const text = await send({ ...signed({ body: 'plain' }), 'content-type': 'text/plain' }, 'plain');
    assert.equal(text.status, 415);
    const long = signed({ id: 'x'.repeat(256) });
    assert.equal((await send(long)).status, 400);
  });

  it('after a secret rotation only the new secret verifies', async () => {
    const { key } = await createApiKey(pool, { name: 'rotator', scopes: ['workflows.manage'] });
    const rotated = await request(api.url, 'POST', `/api/v1/subscriptions/${subscriptionId}/rotate-secret`, {
      token: key,
      body: {},
    });
    assert.equal(rotated.status, 200);
    assert.equal((await send(signed())).status, 401);
    assert.equal((await send(signed({ secret: rotated.body.secret }))).status, 200);
  });

  it('works as middleware on any route, with the replay record committed with the effect', async () => {
    const secrets = [generateSecret(), generateSecret()];
    const app = express();
    app.use(express.json({ verify: keepRawBody }));
    app.post(
      '/callback',
      verifyWebhook({ secrets: async () => secrets }),
      async (req: express.Request, res: express.Response) => {
        const id = (res.locals.webhook as { id: string }).id;
        await withTransaction(pool, async (client) => {
          await recordWebhookId(client, 'n8n', id);
          // An effect that fails rolls the replay record back with it: a retry may come again.
          if (req.body.fail) throw new Error('effect failed');
        });
        res.json({ id });
      },
    );
    app.use(errorHandler(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    const post = async (headers: Record<string, string>, body: string) =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).status;
    try {
      const failing = '{"fail":true}';
      const id = nextId();
      assert.equal(await post(signatureHeaders(secrets[1]!, id, failing), failing), 500);
      const ok = '{"fail":false}';
      assert.equal(await post(signatureHeaders(secrets[1]!, id, ok), ok), 200, 'the failed attempt left no record');
      assert.equal(await post(signatureHeaders(secrets[0]!, id, ok), ok), 409);
      assert.equal(await post(signatureHeaders(generateSecret(), nextId(), ok), ok), 401);
      const rows = await pool.query(`SELECT count(*) FROM seen_webhook_ids WHERE source = 'n8n'`);
      assert.equal(Number(rows.rows[0].count), 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
