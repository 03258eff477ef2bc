// GET /api/v1/health/reboot-check?host= — the safety checks an agent runs right before a
// REBOOT (and admin-api before queueing one by hand). Every check is reported, failing or
// not; any failing check means allowed: false:
//   database_reachable   this API can query its database
//   no_backup_running    no backup is running (a reboot would cut pg_dump off)
//   reboot_rate          fewer than 2 REBOOT actions for the host running or succeeded in the last hour
//   workflows_drained    n8n has no running execution; n8n not configured fails closed unless
//                        HEALING_REBOOT_REQUIRE_N8N_DRAINED=false
import type pg from 'pg';
import { workflowsDrained } from './n8n-drained.ts';
import type { RebootCheck } from './schemas.ts';

export const MAX_REBOOTS_PER_HOUR = 2;

export type RebootCheckOptions = { encryptionKey: Buffer; requireN8nDrained: boolean; timeoutMs: number };

type Check = RebootCheck['checks'][number];

export async function rebootCheck(pool: pg.Pool, host: string, options: RebootCheckOptions): Promise<RebootCheck> {
  let reachable = true;
  try {
    await pool.query('SELECT 1');
  } catch {
    reachable = false;
  }
  const checks: Check[] = [
    {
      name: 'database_reachable',
      ok: reachable,
      detail: reachable ? 'the database answered' : 'the database did not answer',
    },
  ];
  if (!reachable) {
    // Without the database nothing else can be known: every other check fails closed.
    for (const name of ['no_backup_running', 'reboot_rate', 'workflows_drained'] as const)
      checks.push({ name, ok: false, detail: 'unknown: the database is unreachable' });
    return { allowed: false, checks };
  }

  const running = await pool.query<{ id: string; started_at: Date }>(
    `SELECT id, started_at FROM backups WHERE status = 'running' ORDER BY started_at LIMIT 1`,
  );
  const backup = running.rows[0];
  checks.push({
    name: 'no_backup_running',
    ok: !backup,
    detail: backup ? `backup ${backup.id} is running since ${backup.started_at.toISOString()}` : 'no backup is running',
  });

  const reboots = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM healing_actions
      WHERE host = $1 AND action = 'REBOOT' AND status IN ('running', 'succeeded')
        AND requested_at > now() - interval '1 hour'`,
    [host],
  );
  const n = reboots.rows[0]?.n ?? 0;
  checks.push({
    name: 'reboot_rate',
    ok: n < MAX_REBOOTS_PER_HOUR,
    detail: `${n} reboot(s) of ${host} in the last hour (fewer than ${MAX_REBOOTS_PER_HOUR} allowed)`,
  });

  const drained = await workflowsDrained(pool, options.encryptionKey, options.timeoutMs);
  checks.push(
    !drained.configured && !options.requireN8nDrained
      ? {
          name: 'workflows_drained',
          ok: true,
          detail: 'n8n not configured; not required (HEALING_REBOOT_REQUIRE_N8N_DRAINED=false)',
        }
      : { name: 'workflows_drained', ok: drained.ok, detail: drained.detail },
  );
  return { allowed: checks.every((c) => c.ok), checks };
}
