// The hash chain under concurrency: 8 connections each committing 100 transactions that
// append through appendAudit() must leave a dense seq (1..n, no gaps) and an intact chain.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { appendAudit } from '../../admin-api/src/modules/audit/repo.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const WRITERS = 8;
const PER_WRITER = 100;

describe('audit chain under concurrent writers', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  it(`${WRITERS} writers × ${PER_WRITER} transactions keep seq dense and the chain intact`, async () => {
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        for (let i = 0; i < PER_WRITER; i++) {
          await client.query('BEGIN');
          // Work before the append, as real transactions do, so appends interleave.
          await client.query('SELECT pg_sleep(0)');
          await appendAudit(client, {
            actorType: 'system',
            actorId: `writer-${w}`,
            entity: 'test',
            entityId: String(i),
            action: 'create',
            newValue: { w, i, text: 'ü ✓ "quoted"' },
          });
          await client.query('COMMIT');
        }
      } finally {
        await client.end();
      }
    });
    await Promise.all(writers);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const stats = await client.query(
        `SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT seq)::int AS distinct_seq
           FROM audit_log WHERE entity = 'test'`,
      );
      const all = await client.query(`SELECT count(*)::int AS n, max(seq)::int AS hi FROM audit_log`);
      assert.equal(stats.rows[0].n, WRITERS * PER_WRITER);
      assert.equal(stats.rows[0].distinct_seq, WRITERS * PER_WRITER);
      assert.equal(all.rows[0].n, all.rows[0].hi, 'seq is dense: 1..max without gaps');
      assert.equal((await client.query('SELECT * FROM audit_verify()')).rowCount, 0, 'chain intact');
      // occurred_at never decreases along the chain.
      const disorder = await client.query(
        `SELECT count(*)::int AS n FROM (SELECT occurred_at < lag(occurred_at) OVER (ORDER BY seq) AS bad FROM audit_log) x WHERE bad`,
      );
      assert.equal(disorder.rows[0].n, 0);
    } finally {
      await client.end();
    }
  });
});
