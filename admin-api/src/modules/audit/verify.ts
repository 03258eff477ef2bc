// Chain verification: audit_verify() finds the first broken link; the count and the head
// are read in the same statement, so all three describe one snapshot. A broken chain is a
// critical security incident (one open incident per broken seq, not one per click).
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import { raiseIncident } from '../security/repo.ts';
import type { VerifyResultDto } from './schemas.ts';

export async function verifyChain(pool: pg.Pool): Promise<VerifyResultDto> {
  const result = await pool.query<{
    checked: string;
    broken_seq: string | null;
    reason: string | null;
    head_seq: string | null;
    head_hash: string | null;
  }>(
    `WITH broken AS (SELECT v.seq, v.reason FROM audit_verify() v),
          head AS (SELECT a.seq, a.row_hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1)
     SELECT (SELECT count(*) FROM audit_log) AS checked,
            (SELECT seq FROM broken) AS broken_seq, (SELECT reason FROM broken) AS reason,
            (SELECT seq FROM head) AS head_seq, (SELECT encode(row_hash, 'hex') FROM head) AS head_hash`,
  );
  const row = result.rows[0]!;
  const firstBroken = row.broken_seq === null ? null : { seq: Number(row.broken_seq), reason: row.reason ?? '' };
  if (firstBroken) {
    await withTransaction(pool, (client) =>
      raiseIncident(
        client,
        {
          kind: 'audit_chain_broken',
          severity: 'critical',
          actorType: 'system',
          details: { seq: firstBroken.seq, reason: firstBroken.reason },
        },
        { windowSec: 365 * 24 * 3600, openOnly: true, by: [], details: { seq: firstBroken.seq } },
      ),
    );
  }
  return {
    intact: firstBroken === null,
    checked: Number(row.checked),
    first_broken: firstBroken,
    head: row.head_seq === null ? null : { seq: Number(row.head_seq), row_hash: row.head_hash! },
  };
}
