// The timed duties of events against real PostgreSQL: reminders go out once per offset at
// the right time (and again after the event moves), auto-complete marks finished events whose
// checklist is done, both emit outbox rows; and the scheduler of a running admin-api does it
// by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { pruneSeenIds } from '../../admin-api/src/jobs/housekeeping.ts';
import { completeFinishedEvents, sendDueReminders } from '../../admin-api/src/modules/events/jobs.ts';
import { startTestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('event jobs', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://hooks.example.test/all', ARRAY['*'],
               '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
  });
  after(async () => {
    await pool.end();
    await database.drop();
  });

  /** An event starting `startMin` minutes from now (negative: in the past). */
  async function event(title: string, startMin: number, durationMin: number, offsets: number[] = []) {
    const result = await pool.query<{ id: string }>(
      `INSERT INTO events (title, start_at, end_at, reminder_offsets)
       VALUES ($1, now() + make_interval(mins => $2), now() + make_interval(mins => $2 + $3), $4) RETURNING id`,
      [title, startMin, durationMin, offsets],
    );
    return result.rows[0]!.id;
  }
  const messages = async (type: string, id: string) =>
    (await pool.query('SELECT payload FROM outbox WHERE event_type = $1 AND entity_id = $2', [type, id])).rows;

  it('sends each due reminder exactly once, skips stale ones and re-arms after a move', async () => {
    const soon = await event('Soon', 10, 30, [60, 15, 5]); // 60 and 15 are due, 5 is not yet
    const stale = await event('Long ago', -300, 30, [10]); // due 310 min ago: beyond the grace
    const first = await sendDueReminders(pool, { graceMinutes: 120 });
    const mine = first
      .filter((r) => r.eventId === soon)
      .map((r) => r.offsetMinutes)
      .sort((a, b) => a - b);
    assert.deepEqual(mine, [15, 60]);
    assert.ok(!first.some((r) => r.eventId === stale), 'a reminder far past its time is not sent late');
    const again = await Promise.all([
      sendDueReminders(pool, { graceMinutes: 120 }),
      sendDueReminders(pool, { graceMinutes: 120 }),
    ]);
    assert.deepEqual(
      again.flat().filter((r) => r.eventId === soon),
      [],
      'nothing is sent twice',
    );
    const sent = await messages('event.reminder', soon);
    assert.equal(sent.length, 2);
    assert.equal(sent[0].payload.data.event.title, 'Soon');
    // Moving the event to 4 minutes from now: its 5-minute reminder is due, and the others
    // (for the new start) again.
    await pool.query(
      `UPDATE events SET start_at = now() + interval '4 minutes', end_at = now() + interval '30 minutes' WHERE id = $1`,
      [soon],
    );
    const moved = (await sendDueReminders(pool, { graceMinutes: 120 })).filter((r) => r.eventId === soon);
    assert.deepEqual(
      moved.map((r) => r.offsetMinutes).sort((a, b) => a - b),
      [5, 15, 60],
    );
    // Cancelled events get no reminders.
    const cancelled = await event('Cancelled', 10, 30, [15]);
    await pool.query(`UPDATE events SET status = 'cancelled' WHERE id = $1`, [cancelled]);
    assert.ok(!(await sendDueReminders(pool, { graceMinutes: 120 })).some((r) => r.eventId === cancelled));
  });

  it('completes finished events whose sub-tasks are all done, emitting event.completed', async () => {
    const done = await event('All ticked', -120, 60);
    const open = await event('One open', -120, 60);
    const bare = await event('No checklist', -120, 60);
    const running = await event('Still running', -30, 60);
    await pool.query(
      `INSERT INTO sub_tasks (event_id, position, text, completed) VALUES
         ($1, 0, 'a', true), ($1, 1, 'b', true), ($2, 0, 'a', true), ($2, 1, 'b', false), ($3, 0, 'a', true)`,
      [done, open, running],
    );
    const strict = await completeFinishedEvents(pool, { withoutSubTasks: false });
    assert.deepEqual(strict, [done]);
    const status = async (id: string) =>
      (await pool.query('SELECT status, completed_at FROM events WHERE id = $1', [id])).rows[0];
    assert.equal((await status(done)).status, 'completed');
    assert.ok((await status(done)).completed_at);
    assert.equal((await status(open)).status, 'scheduled');
    assert.equal((await status(running)).status, 'scheduled');
    assert.equal((await status(bare)).status, 'scheduled', 'events without sub-tasks wait unless configured');
    const [message] = await messages('event.completed', done);
    assert.equal(message.payload.data.progress.all_done, true);
    const lenient = await completeFinishedEvents(pool, { withoutSubTasks: true });
    assert.ok(lenient.includes(bare));
    assert.ok(!lenient.includes(open));
    const audit = await pool.query(`SELECT actor_id, action FROM audit_log WHERE entity_id = $1`, [done]);
    assert.deepEqual(audit.rows, [{ actor_id: 'auto-complete', action: 'complete' }]);
  });

  it('runs by itself in a running admin-api', async () => {
    const api = await startTestApi(database.url, { JOBS_ENABLED: 'true', JOBS_INTERVAL_MS: '100' });
    try {
      const id = await event('Picked up by the scheduler', 3, 30, [5]);
      const deadline = Date.now() + 5000;
      while ((await messages('event.reminder', id)).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.equal((await messages('event.reminder', id)).length, 1);
    } finally {
      await api.close();
    }
  });
});

describe('housekeeping', () => {
  it('prunes replay records that can no longer matter, and keeps recent ones', async () => {
    const database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url });
    try {
      await pool.query(
        `INSERT INTO seen_webhook_ids (source, webhook_id, seen_at) VALUES
           ('n8n', 'old', now() - interval '2 hours'), ('n8n', 'recent', now() - interval '2 minutes')`,
      );
      await pool.query(
        `INSERT INTO telegram_updates_seen (update_id, received_at) VALUES (1, now() - interval '8 days'), (2, now())`,
      );
      assert.equal(await pruneSeenIds(pool), 2);
      assert.deepEqual((await pool.query('SELECT webhook_id FROM seen_webhook_ids')).rows, [{ webhook_id: 'recent' }]);
      assert.deepEqual((await pool.query('SELECT update_id FROM telegram_updates_seen')).rows, [{ update_id: '2' }]);
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
