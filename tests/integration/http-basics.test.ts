import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('HTTP basics', () => {
  let database: TestDatabase;
  let api: TestApi;
  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
  });
  after(async () => {
    await api.close();
    await database.drop();
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const response = await fetch(`${api.url}/nope`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.deepEqual(await response.json(), {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'no route for GET /nope',
      message: 'no route for GET /nope',
    });
  });

  it('answers a body that is not JSON with a 400, not a 500', async () => {
    const response = await fetch(`${api.url}/api/auth/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string };
    assert.equal(body.message, 'the request body is not valid JSON');
  });

  it('refuses NUL characters in bodies, query values and JSON list filters with a 400 naming the place', async () => {
    const body = await fetch(`${api.url}/api/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'a\u0000b', tags: ['ok'] }),
    });
    assert.equal(body.status, 400);
    assert.deepEqual(((await body.json()) as { errors: unknown }).errors, { text: 'must not contain NUL characters' });
    const filter = await fetch(`${api.url}/api/v1/event-templates?filter=${encodeURIComponent('{"q":"a\\u0000"}')}`);
    assert.equal(filter.status, 400);
    assert.deepEqual(((await filter.json()) as { errors: unknown }).errors, {
      'query.filter.q': 'must not contain NUL characters',
    });
    const plain = await fetch(`${api.url}/api/v1/freebusy?attendees=a%00b`);
    assert.equal(plain.status, 400);
  });

  it('answers an oversized body with 413', async () => {
    const response = await fetch(`${api.url}/api/auth/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(response.status, 413);
  });

  it('exposes Prometheus metrics with request durations by route template and pool gauges', async () => {
    await fetch(`${api.url}/health`);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    assert.match(text, /chronos_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
    assert.match(text, /chronos_db_pool_connections \d+/);
    assert.match(text, /chronos_process_cpu_user_seconds_total/);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await fetch(`${api.url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(kept.headers.get('x-request-id'), 'abc-123');
    const replaced = await fetch(`${api.url}/health`, { headers: { 'x-request-id': 'a b\tc' } });
    assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});
