import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readinessRequest } from './n8n.ts';

describe('n8n readiness request', () => {
  it('appends /healthz/readiness to the base URL, keeping a path prefix', () => {
    assert.equal(readinessRequest('http://n8n:5678').url.href, 'http://n8n:5678/healthz/readiness');
    assert.equal(readinessRequest('http://n8n:5678/').url.href, 'http://n8n:5678/healthz/readiness');
    assert.equal(readinessRequest('https://x.example/n8n').url.href, 'https://x.example/n8n/healthz/readiness');
    assert.deepEqual(readinessRequest('http://n8n:5678').headers, {});
  });

  it('moves credentials out of the URL into a Basic Authorization header', () => {
    const { url, headers } = readinessRequest('https://ops:p%40ss@x.example/n8n/');
    assert.equal(url.href, 'https://x.example/n8n/healthz/readiness');
    assert.equal(headers.authorization, `Basic ${Buffer.from('ops:p@ss').toString('base64')}`);
  });
});
