// The agent's small HTTP/1.1 client (node:net, not node:http, to stay inside its memory
// budget) against a real node:http server: fixed-length and chunked bodies, head-only reads,
// a server that never answers, an oversized answer, a refused connection.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { httpRequest } from '../../agent/src/http-client.ts';

describe('agent http client', () => {
  let server: http.Server;
  let base: string;
  const received: Array<{ method: string; url: string; body: string; headers: http.IncomingHttpHeaders }> = [];

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, body, headers: req.headers });
        if (req.url === '/chunked') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"a":');
          setTimeout(() => res.end('[1,2,3],"ü":"ö"}'), 20);
        } else if (req.url === '/silent') {
          // never answers
        } else if (req.url === '/big') {
          res.end('x'.repeat(64 * 1024));
        } else if (req.url === '/down') {
          res.writeHead(502);
          res.end('bad gateway');
        } else {
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ echo: body }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs JSON with its headers and reads a fixed-length answer', async () => {
    const r = await httpRequest({
      method: 'POST',
      url: `${base}/samples?x=1`,
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{"ä":1}',
      timeoutMs: 5000,
    });
    assert.equal(r.status, 202);
    assert.deepEqual(JSON.parse(r.body), { echo: '{"ä":1}' });
    const sent = received.at(-1)!;
    assert.equal(sent.url, '/samples?x=1');
    assert.equal(sent.headers.authorization, 'Bearer k');
    assert.equal(sent.headers['content-length'], String(Buffer.byteLength('{"ä":1}')));
  });

  it('decodes a chunked answer', async () => {
    const r = await httpRequest({ method: 'GET', url: `${base}/chunked`, timeoutMs: 5000 });
    assert.deepEqual(JSON.parse(r.body), { a: [1, 2, 3], ü: 'ö' });
  });

  it('head-only reads give the status', async () => {
    const r = await httpRequest({ method: 'GET', url: `${base}/down`, timeoutMs: 5000, headOnly: true });
    assert.equal(r.status, 502);
  });

  it('fails with ETIMEDOUT, E2BIG and ECONNREFUSED', async () => {
    await assert.rejects(httpRequest({ method: 'GET', url: `${base}/silent`, timeoutMs: 200 }), { code: 'ETIMEDOUT' });
    await assert.rejects(httpRequest({ method: 'GET', url: `${base}/big`, timeoutMs: 5000, maxBytes: 1024 }), {
      code: 'E2BIG',
    });
    await assert.rejects(httpRequest({ method: 'GET', url: 'http://127.0.0.1:9/', timeoutMs: 5000 }), {
      code: 'ECONNREFUSED',
    });
  });
});
