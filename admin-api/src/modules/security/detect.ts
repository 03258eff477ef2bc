// Detection of security incidents, called from authentication (see the module's report for
// the call sites). Each function does its own short transactions and never throws into the
// request: a detector failing must not fail or slow an otherwise valid request, so callers
// may fire-and-forget them (`void onApiKeyUsed(...)`); errors are logged.
//
//   onAuthFailure  audit row `auth_failed`; ≥ BRUTE_FORCE.failures from one IP within
//                  BRUTE_FORCE.windowSec → `brute_force` (high), at most one open per IP per window.
//   onApiKeyUsed   api_key_ips upsert; a key seen from an IP it never used before (and not
//                  on its first use ever) → `api_key_new_ip` (medium); a key with the admin
//                  scope → `admin_scope_key_used` (low), at most once per key per hour.
import type { AppContext } from '../../context.ts';
import { withTransaction } from '../../db/pool.ts';
import { appendAudit, type ActorType } from '../audit/repo.ts';
import { raiseIncident, type IncidentRecord } from './repo.ts';
import { riskScore } from './risk.ts';

export const BRUTE_FORCE = { failures: 5, windowSec: 600 } as const;
export const ADMIN_KEY_THROTTLE_SEC = 3600;

type DetectContext = Pick<AppContext, 'pool' | 'logger'>;

export type AuthFailure = {
  ip: string | null;
  /** Why: `invalid_api_key`, `bad_password`, `unknown_user`, `locked`, `expired_token`, … */
  reason: string;
  /** Who it claimed to be, when known (e-mail, key public id…). Never a secret. */
  actor?: { type?: ActorType; id?: string | null; label?: string | null };
  userAgent?: string | null;
};

export type AuthFailureResult = { failures: number; incident: IncidentRecord | null };

function logged<T>(ctx: DetectContext, what: string, fallback: T, work: () => Promise<T>): Promise<T> {
  return work().catch((error: Error) => {
    ctx.logger.warn({ err: { message: error.message } }, `security detection failed: ${what}`);
    return fallback;
  });
}

export function onAuthFailure(ctx: DetectContext, failure: AuthFailure): Promise<AuthFailureResult> {
  return logged(ctx, 'auth failure', { failures: 0, incident: null }, async () => {
    // Counted before appending so the score reflects the streak; the audit row is its own
    // transaction because audit_append() holds the chain lock until commit.
    const streak = failure.ip ? (await countRecentFailures(ctx, failure.ip)) + 1 : 1;
    await withTransaction(ctx.pool, (client) =>
      appendAudit(client, {
        actorType: failure.actor?.type ?? 'anonymous',
        actorId: failure.actor?.id ?? null,
        actorLabel: failure.actor?.label ?? null,
        entity: 'access',
        action: 'auth_failed',
        ip: failure.ip,
        userAgent: failure.userAgent ?? null,
        success: false,
        riskScore: riskScore('auth_failed', { failuresFromIp: streak }),
        details: { reason: failure.reason },
      }),
    );
    return bruteForceCheck(ctx, failure);
  });
}

/**
 * Raises `brute_force` when the failures already recorded from the IP (failed logins and
 * refused credentials alike) reach the threshold. For callers that audit the failure
 * themselves (login), so nothing is recorded twice.
 */
export function detectBruteForce(ctx: DetectContext, failure: AuthFailure): Promise<AuthFailureResult> {
  return logged(ctx, 'brute-force check', { failures: 0, incident: null }, () => bruteForceCheck(ctx, failure));
}

async function bruteForceCheck(ctx: DetectContext, failure: AuthFailure): Promise<AuthFailureResult> {
  if (!failure.ip) return { failures: 1, incident: null };
  const failures = await countRecentFailures(ctx, failure.ip);
  if (failures < BRUTE_FORCE.failures) return { failures, incident: null };
  const incident = await withTransaction(ctx.pool, (client) =>
    raiseIncident(
      client,
      {
        kind: 'brute_force',
        severity: 'high',
        ip: failure.ip,
        actorType: failure.actor?.type ?? null,
        actorId: failure.actor?.id ?? null,
        actorLabel: failure.actor?.label ?? null,
        details: { failures, window_sec: BRUTE_FORCE.windowSec, last_reason: failure.reason },
      },
      { windowSec: BRUTE_FORCE.windowSec, openOnly: true, by: ['ip'] },
    ),
  );
  return { failures, incident };
}

/** Failed authentications from `ip` in the window: a range scan of the occurred_at index. */
async function countRecentFailures(ctx: DetectContext, ip: string): Promise<number> {
  const result = await ctx.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log
      WHERE occurred_at > now() - make_interval(secs => $2) AND ip = $1::inet
        AND (action = 'auth_failed' OR (action = 'login' AND NOT success))`,
    [ip, BRUTE_FORCE.windowSec],
  );
  return result.rows[0]?.n ?? 0;
}

export type ApiKeyUse = { keyId: string; keyName: string; ip: string | null; scopes: readonly string[] };

export function onApiKeyUsed(ctx: DetectContext, use: ApiKeyUse): Promise<IncidentRecord[]> {
  return logged(ctx, 'API key use', [], async () => {
    const raised: IncidentRecord[] = [];
    const actor = { actorType: 'api_key', actorId: use.keyId, actorLabel: use.keyName };
    if (use.ip) {
      // One statement: upsert, and tell whether this IP is new and whether the key had others.
      const seen = await ctx.pool.query<{ inserted: boolean; others: boolean }>(
        `WITH up AS (
           INSERT INTO api_key_ips AS k (api_key_id, ip) VALUES ($1, $2::inet)
           ON CONFLICT (api_key_id, ip) DO UPDATE SET last_seen_at = now(), use_count = k.use_count + 1
           RETURNING (xmax = 0) AS inserted)
         SELECT up.inserted,
                EXISTS (SELECT 1 FROM api_key_ips o WHERE o.api_key_id = $1 AND o.ip <> $2::inet) AS others
           FROM up`,
        [use.keyId, use.ip],
      );
      const row = seen.rows[0];
      if (row?.inserted && row.others) {
        const incident = await withTransaction(ctx.pool, (client) =>
          raiseIncident(client, {
            kind: 'api_key_new_ip',
            severity: 'medium',
            ip: use.ip,
            ...actor,
            details: { key_name: use.keyName, risk_score: riskScore('login', { newIp: true }) },
          }),
        );
        if (incident) raised.push(incident);
      }
    }
    if (use.scopes.includes('admin')) {
      const incident = await withTransaction(ctx.pool, (client) =>
        raiseIncident(
          client,
          { kind: 'admin_scope_key_used', severity: 'low', ip: use.ip, ...actor, details: { key_name: use.keyName } },
          { windowSec: ADMIN_KEY_THROTTLE_SEC, by: ['actor_id'] },
        ),
      );
      if (incident) raised.push(incident);
    }
    return raised;
  });
}
