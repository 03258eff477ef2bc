// admin-api as a real process: start-up refuses bad configuration and a database newer than
// the code with a message naming the problem; SIGTERM lets in-flight requests finish.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { waitForHttp } from '../../scripts/lib/n8n.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { freePort } from '../../scripts/lib/postgres.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const serverEntry = path.join(repoRoot, 'admin-api', 'src', 'server.ts');

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, [serverEntry], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('admin-api process', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  it('refuses PORT=abc with a message naming PORT', async () => {
    const server = startServer({ PORT: 'abc', DATABASE_URL: database.url });
    assert.equal(await server.exited, 2);
    assert.match(server.output().stderr, /invalid configuration:\n\s+- PORT /);
  });

  it('refuses an unparsable DATABASE_URL with a message naming it, without echoing it', async () => {
    const server = startServer({ DATABASE_URL: 'postgres//user:s3cret@host' });
    assert.equal(await server.exited, 2);
    const { stderr } = server.output();
    assert.match(stderr, /- DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    assert.doesNotMatch(stderr, /s3cret/);
  });

  it('refuses to start on a database newer than the code', async () => {
    const newer = await createTestDatabase();
    const client = new pg.Client({ connectionString: newer.url });
    await client.connect();
    await client.query(
      `INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES (9999, 'future', 'x', 0)`,
    );
    await client.end();
    const server = startServer({ DATABASE_URL: newer.url, PORT: String(await freePort()) });
    assert.equal(await server.exited, 1);
    assert.match(server.output().stderr, /schema version 9999 .* newer Chronos/);
    await newer.drop();
  });

  it('finishes an in-flight request after SIGTERM, then exits 0', async () => {
    const port = await freePort();
    const server = startServer({ DATABASE_URL: database.url, PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/health`, 20_000);

    // A request whose body is still arriving when the signal comes.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/no-such-route',
          headers: { 'content-type': 'application/json', 'content-length': 13 },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.write('{"hello":');
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => request.end('"x"}'), 400);
      }, 200);
    });
    const { status, body } = await response;
    assert.equal(status, 404);
    assert.equal(JSON.parse(body).title, 'Not Found');
    assert.equal(await server.exited, 0);
    assert.match(server.output().stdout, /"msg":"stopped"/);
    // New connections are refused once it is down.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
  });
});
