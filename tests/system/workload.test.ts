// The whole-system workload driver against the stand-in (two admin-api processes, relay in
// both, on this file's database; no n8n, no Redis): a short mixed open-loop run without faults
// must answer everything with 2xx and reconcile exactly; a second run kills one replica with
// SIGKILL midway, and the emulated load balancer, the fault analysis and the reconciliation
// must show what the topology suite relies on — failover, recovery, nothing acknowledged lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { reconcile } from './reconcile.ts';
import { runScenario } from './scenario.ts';
import { startStandIn, type StandIn } from './stand-in.ts';
import { openSession, type Session } from './workload.ts';

describe('whole-system workload (stand-in)', { timeout: 240_000 }, () => {
  let database: TestDatabase;
  let system: StandIn;
  // One session per run (its own console user, calendars, ingest domain and sink), so each
  // reconciliation covers exactly its run.
  const sessions: Session[] = [];
  const session = async () => {
    const opened = await openSession(system);
    sessions.push(opened);
    return opened;
  };

  before(async () => {
    database = await createTestDatabase();
    system = await startStandIn({ databaseUrl: database.url });
  });
  after(async () => {
    for (const s of sessions) await s.close();
    await system?.stop();
    await database?.drop();
  });

  it('answers a mixed workload with 2xx only and reconciles every acknowledged write', async () => {
    const result = await runScenario(await session(), { rate: 25, durationMs: 12_000, seed: 7 });
    const total = result.figures.find((f) => f.op === 'total')!;
    assert.equal(total.count, 300, 'open loop: exactly rate × duration operations');
    assert.deepEqual(result.verdict.failures, []);
    assert.equal(total.ok, total.count);
    for (const op of ['console.events', 'console.counts', 'api.event.create', 'api.command.create', 'ingest'])
      assert.ok(
        result.figures.some((f) => f.op === op && f.count > 0),
        `${op} ran`,
      );
    const r = result.reconciliation;
    assert.ok(r.acknowledged.events > 0 && r.acknowledged.ingestRequests > 0 && r.acknowledged.commands > 0);
    assert.equal(r.lost.count, 0);
    assert.ok(r.outbox.drained);
    // Every created event, acknowledged update and ingest request reached the sink exactly once.
    assert.ok(r.sink.expected >= r.acknowledged.events + r.acknowledged.updates + r.acknowledged.ingestRequests);
    assert.equal(r.sink.received, r.sink.expected);
    assert.equal(r.sink.duplicates, 0);
  });

  it('fails over when a replica is killed, recovers by itself, and loses nothing acknowledged', async () => {
    const result = await runScenario(await session(), {
      rate: 25,
      durationMs: 16_000,
      seed: 8,
      faults: [{ kind: 'api-kill', atMs: 4_000, downMs: 3_000, replica: 1 }],
      settleMs: 3_000,
    });
    const total = result.figures.find((f) => f.op === 'total')!;
    const [window] = result.faults!.windows;
    assert.equal(window!.target, 'api-2');
    assert.ok(window!.durationMs >= 3_000, 'the replica stayed down for the pause, then came back');
    assert.ok(total.failovers > 0, 'requests meant for the dead replica went to the other one');
    // Killed mid-request, a replica leaves its open requests without an answer; those are the
    // only errors allowed, and only inside the window.
    assert.equal(total.s5xx + total.s4xx + total.problems, 0);
    assert.equal(result.faults!.warmUp.errors.total, 0);
    assert.equal(result.faults!.afterSettle.errors.total, 0);
    assert.notEqual(window!.recoveredAfterMs, undefined);
    assert.deepEqual(result.verdict.failures, []);
    assert.equal(result.reconciliation.lost.count, 0);
    assert.equal(result.reconciliation.sink.unexplainedDuplicates.length, 0);
  });

  it('catches a lost write and a duplicate delivery the relay cannot explain', async () => {
    const opened = await session();
    const result = await runScenario(opened, { rate: 20, durationMs: 3_000, seed: 3 });
    assert.deepEqual(result.verdict.failures, []);
    // Lose an acknowledged event and an acknowledged ingest record behind the system's back,
    // and make the relay deliver one delivered webhook a second time without any lost attempt.
    const event = opened.ledger.eventIds[0]!;
    const record = opened.ledger.ingests[0]!.ids[0]!;
    await system.pool.query('DELETE FROM events WHERE id = $1', [event]);
    await system.pool.query('DELETE FROM ingest_records WHERE id = $1', [record]);
    const { rows } = await system.pool.query<{ key: string }>(
      `UPDATE outbox SET status = 'pending', delivered_at = NULL, available_at = now()
        WHERE id = (SELECT id FROM outbox WHERE subscription_id = $1 AND status = 'delivered' LIMIT 1)
        RETURNING idempotency_key AS key`,
      [opened.fixtures.subscriptionId],
    );
    const duplicated = rows[0]!.key;
    const deadline = Date.now() + 10_000;
    while (opened.sink.received.get(duplicated)!.count < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));

    const r = await reconcile(opened, new Date(Date.now() - 60_000), { drainTimeoutMs: 5_000 });
    assert.equal(r.ok, false);
    assert.deepEqual(r.lost.events, [event]);
    assert.deepEqual(r.lost.ingestRecords, [record]);
    assert.equal(r.lost.count, 2);
    assert.deepEqual(r.sink.unexplainedDuplicates, [duplicated]);
  });
});
