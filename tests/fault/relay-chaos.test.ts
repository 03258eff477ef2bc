// Chaos test of the outbox relay (issue #5): 10,000 webhook rows to a local receiver that
// records every webhook-id; two relay processes, one of them killed with SIGKILL and restarted
// every 0.3–0.7 s for 30 s; PostgreSQL shut down immediately (SIGQUIT to the postmaster) and
// restarted once in the middle. Every row must arrive: the receiver sees exactly 10,000
// distinct ids and no row is dead; duplicates (at-least-once) are counted and reported.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { verify } from '../../shared/standard-webhooks.ts';
import { migrate } from '../../admin-api/src/db/migrations.ts';
import { seal } from '../../admin-api/src/crypto/secret-box.ts';
import { freePort, startLocalPostgres, type LocalPostgres } from '../../scripts/lib/postgres.ts';
import { migrationsDir, repoRoot } from '../../scripts/lib/paths.ts';
import { TEST_ENCRYPTION_KEY } from '../helpers/api.ts';

const ROWS = 10_000;
const CHAOS_MS = Number(process.env.CHAOS_MS ?? 30_000);
const SECRET = 'whsec_' + Buffer.from('chaos-test-signing-secret-32byte').toString('base64');

describe('relay under chaos', { timeout: 240_000 }, () => {
  let postgres: LocalPostgres;
  let workDir: string;
  let url: string;
  let receiver: http.Server;
  const seen = new Map<string, number>();
  let badSignatures = 0;

  before(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-chaos-'));
    fs.chmodSync(workDir, 0o755);
    postgres = await startLocalPostgres({
      dataDir: path.join(workDir, 'pg'),
      port: await freePort(),
      password: 'pw',
      fast: true,
    });
    await postgres.ensureDatabase('chronos');
    url = postgres.url('chronos');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await migrate(client, migrationsDir);

    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const check = verify([SECRET], req.headers as Record<string, string>, body);
        if (!check.ok) {
          badSignatures++;
          res.writeHead(401).end();
          return;
        }
        seen.set(check.id, (seen.get(check.id) ?? 0) + 1);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;

    const id = '00000000-0000-4000-8000-00000000c0a5';
    const box = seal(Buffer.from(TEST_ENCRYPTION_KEY, 'hex'), SECRET, `subscriptions:${id}`);
    await client.query(
      `INSERT INTO subscriptions (id, url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ($1, $2, ARRAY['*'], $3, $4, $5)`,
      [id, `http://127.0.0.1:${port}/hook`, box.ciphertext, box.nonce, box.keyId],
    );
    await client.query(
      `INSERT INTO outbox (event_type, channel, subscription_id, target, payload, idempotency_key)
       SELECT 'chaos.test', 'webhook', $1, 'receiver', jsonb_build_object('n', g), 'msg_chaos_' || g
         FROM generate_series(1, $2) g`,
      [id, ROWS],
    );
    await client.end();
  });

  after(async () => {
    receiver?.close();
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  function startRelayProcess(name: string): ChildProcess {
    return spawn(process.execPath, [path.join(repoRoot, 'admin-api', 'src', 'relay', 'main.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url,
        CHRONOS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'silent',
        RELAY_LEASE_MS: '2000',
        RELAY_POLL_INTERVAL_MS: '200',
        RELAY_CONCURRENCY: '32',
        RELAY_BATCH_SIZE: '50',
        // Killing a relay every half second makes innocent rows look like poison (started, never
        // finished); the threshold is raised so this test measures loss, not the detector.
        RELAY_POISON_STARTS: '50',
        DB_CONNECT_TIMEOUT_MS: '1000',
        RELAY_NAME: name,
      },
      stdio: ['ignore', process.env.CHAOS_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
    });
  }

  it('delivers every row at least once through kills and a database restart', async () => {
    const steady = startRelayProcess('steady');
    let victim = startRelayProcess('victim');
    let kills = 0;
    const started = Date.now();
    let restarted = false;
    while (Date.now() - started < CHAOS_MS) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 400));
      victim.kill('SIGKILL');
      kills++;
      await new Promise((r) => victim.once('exit', r));
      if (!restarted && Date.now() - started > CHAOS_MS / 3) {
        restarted = true;
        const pid = postgres.pid();
        assert.ok(pid, 'postmaster pid');
        process.kill(pid, 'SIGQUIT'); // immediate shutdown: no checkpoint, clients cut off
        for (let i = 0; i < 100 && postgres.pid(); i++) await new Promise((r) => setTimeout(r, 50));
        await postgres.start();
      }
      victim = startRelayProcess('victim');
    }
    // Let the two relays finish the rest.
    const pool = new pg.Pool({ connectionString: url });
    try {
      const deadline = Date.now() + 120_000;
      let left = ROWS;
      while (Date.now() < deadline) {
        const r = await pool.query(`SELECT count(*) FILTER (WHERE status <> 'delivered') AS left,
                                           count(*) FILTER (WHERE status = 'dead') AS dead FROM outbox`);
        left = Number(r.rows[0].left);
        if (left === 0 || Number(r.rows[0].dead) > 0) break;
        await new Promise((res) => setTimeout(res, 250));
      }
      const states = await pool.query('SELECT status, count(*)::int AS n FROM outbox GROUP BY status ORDER BY status');
      const duplicates = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
      console.log(
        `# chaos: ${kills} kills, 1 PostgreSQL restart; receiver saw ${seen.size} distinct ids, ` +
          `${duplicates} duplicate deliveries; outbox ${states.rows.map((s) => `${s.status}=${s.n}`).join(' ')}`,
      );
      assert.equal(badSignatures, 0, 'every request carried a valid signature');
      assert.deepEqual(states.rows, [{ status: 'delivered', n: ROWS }], 'every row delivered, none dead');
      assert.equal(seen.size, ROWS, 'the receiver saw every id');
      for (let n = 1; n <= ROWS; n++) assert.ok(seen.has(`msg_chaos_${n}`), `msg_chaos_${n} arrived`);
    } finally {
      await pool.end();
      steady.kill('SIGTERM');
      victim.kill('SIGKILL');
      await Promise.all(
        [steady, victim].map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : null)),
      );
    }
  });
});
