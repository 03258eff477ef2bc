// Counts the executions of one n8n workflow (the ingest fan-out) in n8n's own database, by
// status. In queue mode the main process writes the execution row before it enqueues the job
// and before it answers the webhook, so a delivery n8n acknowledged always has its row; the
// status then tells what became of it (success, error, crashed when a worker died under it
// and n8n's queue recovery found it, new/running while still queued or stuck).
import pg from 'pg';
import type { ExecutionCounts } from './system.ts';

export type ExecutionCounter = { count(since: Date): Promise<ExecutionCounts>; close(): Promise<void> };

export function n8nExecutionCounter(n8nDbUrl: string, workflowId: string): ExecutionCounter {
  const pool = new pg.Pool({ connectionString: n8nDbUrl, max: 1 });
  pool.on('error', () => undefined); // cut by a PostgreSQL restart; the next query reconnects
  return {
    async count(since) {
      const { rows } = await pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM execution_entity
          WHERE "workflowId" = $1 AND "createdAt" >= $2 GROUP BY status`,
        [workflowId, since],
      );
      const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      return { total: rows.reduce((sum, r) => sum + r.n, 0), byStatus };
    },
    close: () => pool.end(),
  };
}
