// The relay's claim (outbox_claim, migration 0025) walks the due index whatever the statistics
// say. The trap it avoids: statistics taken in a normal moment (a few dozen rows pending among
// thousands delivered) estimate a later burst of pending rows at a few dozen too — no more
// than a claim's LIMIT — and the planner then sorts every due row for every claim.
// The plans are read with auto_explain, reported to this session as notices.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const DUE_CLAIM = `SELECT id FROM outbox WHERE status = 'pending' AND available_at <= now()
                    ORDER BY available_at LIMIT 200 FOR UPDATE SKIP LOCKED`;

describe('outbox claim plan', () => {
  let database: TestDatabase;
  let client: pg.Client;
  const notices: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on('notice', (notice) => notices.push(String(notice.detail ?? notice.message)));
    // The history: 30,000 rows written pending and delivered since — but 30 of them — and
    // analyzed. Then a burst of 3,000 due rows, the oldest 50 due a minute earlier than the rest.
    await client.query(
      `INSERT INTO outbox (event_type, channel, target, payload, idempotency_key)
       SELECT 'test.history', 'webhook', 'x', '{}', 'history-' || g FROM generate_series(1, 30000) g`,
    );
    await client.query(
      `UPDATE outbox SET status = 'delivered', delivered_at = now()
        WHERE substring(idempotency_key FROM 9)::int % 1000 <> 0`,
    );
    await client.query('ANALYZE outbox');
    await client.query(
      `INSERT INTO outbox (event_type, channel, target, payload, idempotency_key, available_at)
       SELECT 'test.burst', 'webhook', 'x', jsonb_build_object('n', g), 'burst-' || g,
              now() - CASE WHEN g > 2950 THEN interval '2 minutes' ELSE interval '1 minute' END
         FROM generate_series(1, 3000) g`,
    );
    await client.query(`LOAD 'auto_explain'`);
    await client.query('SET auto_explain.log_min_duration = 0');
    await client.query('SET auto_explain.log_nested_statements = on');
    await client.query(`SET auto_explain.log_level = 'notice'`);
  });

  after(async () => {
    await client.end();
    await database.drop();
  });

  const plansOf = async (text: string, values: unknown[] = []) => {
    notices.length = 0;
    const result = await client.query(text, values);
    return { rows: result.rows, plans: notices.join('\n') };
  };

  it('the plain query, planned from those statistics, sorts every due row (the trap)', async () => {
    await client.query('BEGIN');
    const { plans } = await plansOf(DUE_CLAIM);
    await client.query('ROLLBACK');
    assert.match(plans, /Sort/);
  });

  it('outbox_claim walks outbox_due_idx without sorting and returns the oldest due rows', async () => {
    const { rows, plans } = await plansOf('SELECT * FROM outbox_claim($1, $2, $3)', [50, 'plan-test', 60_000]);
    assert.match(plans, /Index Scan using outbox_due_idx/);
    assert.doesNotMatch(plans, /Sort|Bitmap Heap Scan on outbox/);
    assert.equal(rows.length, 50);
    assert.deepEqual(
      rows.map((r) => Number(r.payload.n)).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => 2951 + i),
    );
    assert.ok(rows.every((r) => r.starts === 1 && r.attempt_id));
    const leased = await client.query(
      `SELECT count(*)::int AS n FROM outbox WHERE status = 'in_flight' AND locked_by = 'plan-test'`,
    );
    assert.equal(leased.rows[0].n, 50);
  });

  it('holds to the index walk when the cost model prefers sorting (the planner settings are pinned)', async () => {
    // Index reads priced 10,000 times a sequential page: anything free to choose sorts.
    await client.query('BEGIN');
    await client.query('SET LOCAL random_page_cost = 10000');
    const plain = await plansOf(DUE_CLAIM);
    const claimed = await plansOf('SELECT * FROM outbox_claim($1, $2, $3)', [10, 'plan-test-2', 60_000]);
    await client.query('ROLLBACK');
    assert.match(plain.plans, /Sort/);
    assert.match(claimed.plans, /Index Scan using outbox_due_idx/);
    assert.doesNotMatch(claimed.plans, /Sort|Bitmap Heap Scan on outbox/);
    assert.equal(claimed.rows.length, 10);
  });
});
