// The command queue (SPEC 3.2): create, read, claim (poll), the target's callbacks (complete,
// fail) and the operators' overrides (manual complete/fail, resend). Each operation is one
// transaction: status change, its command.<status> message, the rules it fires, audit rows last.
//
// Life cycle and who may move it:
//   PENDING ──claim──▶ PROCESSING ──complete──▶ COMPLETED
//                          │ └────fail──────────▶ FAILED (no retry asked, or attempts > max_retries)
//                          └──fail(retry)───────▶ PENDING, available_at = now + backoff
//   PROCESSING past its timeout: PENDING again before the next claim of its system ('timed out'),
//   or FAILED once attempts > max_retries.
//   Push delivery (delivery_mode 'push'): never claimed; the command.created message is the
//   delivery, so complete/fail accept it while PENDING too (each fail counts an attempt), and a
//   retry or resend announces it again as command.pending.
//   Callbacks for a polled command must come from its claimer (a late answer after a timeout
//   reset and a new claim must not settle someone else's attempt); operators use the manual
//   routes for anything else.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import type { AuditActor, Principal } from '../../http/principal.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { retryDelayMs } from './backoff.ts';
import { createOrReplay, type Created } from './create.ts';
import { assertWhitelisted } from './insert.ts';
import { toCommandDto, type CommandRow } from './record.ts';
import * as repo from './repo.ts';
import type { CommandDetailDto, CommandDto, CreateInput, RuleRefusal } from './schemas.ts';
import { afterStatusChange, appendAll, changeStatus, type Changed } from './transition.ts';

type Db = pg.Pool | pg.ClientBase;

/** How a claim is recorded in claimed_by: stable ids, not names (names can repeat or change). */
export const claimerOf = (principal: Principal) =>
  principal.type === 'api_key' ? `api_key:${principal.id}` : `user:${principal.id}`;

/** Timeout resets happen on behalf of nobody in particular. */
const TIMEOUT_ACTOR: AuditActor = { actorType: 'system', actorId: null, actorLabel: 'command timeout' };

async function lockOrThrow(client: pg.ClientBase, id: string): Promise<CommandRow> {
  const row = await repo.getCommand(client, id, true);
  if (!row) throw notFound(`no command with id ${id}`);
  return row;
}

const invalidTransition = (row: CommandRow, what: string, allowed: string) =>
  new HttpProblem(409, 'Conflict', {
    detail: `command ${row.id} is ${row.status}; ${what} needs ${allowed}`,
    extensions: { status: row.status },
  });

export async function getDetail(db: Db, id: string): Promise<CommandDetailDto> {
  const row = await repo.getCommand(db, id);
  if (!row) throw notFound(`no command with id ${id}`);
  return detailOf(db, row);
}

async function detailOf(db: Db, row: CommandRow): Promise<CommandDetailDto> {
  const refusals = await repo.ruleRefusals(db, row.id);
  const rule_refusals: RuleRefusal[] = refusals.map(({ details, occurred_at }) => ({
    rule_id: typeof details?.rule_id === 'string' ? details.rule_id : null,
    rule_name: typeof details?.rule_name === 'string' ? details.rule_name : null,
    status: (typeof details?.status === 'string' ? details.status : null) as RuleRefusal['status'],
    reason: typeof details?.reason === 'string' ? details.reason : 'refused',
    errors: (details?.errors ?? {}) as Record<string, string>,
    at: occurred_at.toISOString(),
  }));
  return { ...toCommandDto(row), rule_refusals };
}

export async function create(
  pool: pg.Pool,
  input: CreateInput,
  principal: Principal,
  actor: AuditActor,
): Promise<Created> {
  return withTransaction(pool, async (client) => {
    if (input.source_event_id) {
      // KEY SHARE: the event cannot be deleted before this transaction commits.
      const event = await client.query('SELECT 1 FROM events WHERE id = $1 FOR KEY SHARE', [input.source_event_id]);
      if (event.rowCount === 0)
        throw new HttpProblem(422, 'Unprocessable Content', {
          detail: `source_event_id: no event with id ${input.source_event_id}`,
          errors: { source_event_id: 'no event with this id' },
        });
    }
    return createOrReplay(
      client,
      {
        system: input.system,
        action: input.action,
        params: input.params,
        source: principal.type === 'user' ? 'console' : 'api',
        sourceEventId: input.source_event_id,
        idempotencyKey: input.idempotency_key,
        createdBy: actor.actorLabel,
        maxRetries: input.max_retries,
        timeoutSeconds: input.timeout_seconds,
        deliveryMode: input.delivery_mode,
      },
      actor,
    );
  });
}

/**
 * Poll: first resets this system's PROCESSING commands past their timeout, then claims up to
 * `limit` due PENDING poll commands for the caller (only those with params.host = `host` when
 * given) — one transaction, SKIP LOCKED, so concurrent pollers never receive the same command.
 */
export async function claim(
  pool: pg.Pool,
  system: string,
  principal: Principal,
  limit: number,
  actor: AuditActor,
  host?: string,
): Promise<CommandDto[]> {
  return withTransaction(pool, async (client) => {
    const audits = [];
    for (const row of await repo.resetStale(client, system)) {
      const changed = await afterStatusChange(client, undefined, row, TIMEOUT_ACTOR, {
        action: 'timeout',
        details: { timeout_seconds: row.timeout_seconds, polled_by: claimerOf(principal) },
      });
      audits.push(...changed.audits);
    }
    const claimed: CommandDto[] = [];
    for (const row of await repo.claim(client, system, claimerOf(principal), limit, host)) {
      const changed = await afterStatusChange(client, undefined, row, actor, { action: 'claim' });
      claimed.push(changed.command);
      audits.push(...changed.audits);
    }
    await appendAll(client, audits);
    return claimed;
  });
}

/** A callback (complete/fail) may settle this command now: in flight, and from its claimer. */
function assertInFlight(row: CommandRow, principal: Principal, what: string): void {
  const push = row.delivery_mode === 'push';
  if (row.status !== 'PROCESSING' && !(push && row.status === 'PENDING'))
    throw invalidTransition(row, what, push ? 'PENDING or PROCESSING (push delivery)' : 'PROCESSING');
  if (row.status === 'PROCESSING' && row.claimed_by !== claimerOf(principal))
    throw new HttpProblem(409, 'Conflict', {
      detail: `command ${row.id} is PROCESSING for another claimer; only its claimer can ${what} it (operators: manual-complete/manual-fail)`,
      extensions: { status: row.status },
    });
}

async function settle(
  pool: pg.Pool,
  id: string,
  fn: (client: pg.PoolClient, row: CommandRow) => Promise<Changed>,
): Promise<CommandDetailDto> {
  return withTransaction(pool, async (client) => {
    const row = await lockOrThrow(client, id);
    const changed = await fn(client, row);
    await appendAll(client, changed.audits);
    return detailOf(client, await repo.getCommand(client, id).then((r) => r!));
  });
}

export function complete(
  pool: pg.Pool,
  id: string,
  result: unknown,
  principal: Principal,
  actor: AuditActor,
): Promise<CommandDetailDto> {
  return settle(pool, id, (client, row) => {
    assertInFlight(row, principal, 'complete');
    return changeStatus(client, row, { status: 'COMPLETED', result: result ?? null }, actor, { action: 'complete' });
  });
}

export function fail(
  pool: pg.Pool,
  id: string,
  input: { error: string; retry: boolean },
  principal: Principal,
  actor: AuditActor,
): Promise<CommandDetailDto> {
  return settle(pool, id, (client, row) => {
    assertInFlight(row, principal, 'fail');
    // A polled command counted its attempt when it was claimed; a pushed one counts it now.
    const attempts = row.delivery_mode === 'push' ? row.attempts + 1 : row.attempts;
    const retry = input.retry && attempts <= row.max_retries;
    const details = { retry_requested: input.retry, retries_left: Math.max(0, row.max_retries - attempts + 1) };
    if (retry) {
      const delay = retryDelayMs(attempts);
      return changeStatus(
        client,
        row,
        { status: 'PENDING', attempts, lastError: input.error, claimedBy: null, claimedAt: null, availableInMs: delay },
        actor,
        { action: 'fail', details: { ...details, retry_in_ms: delay } },
      );
    }
    return changeStatus(client, row, { status: 'FAILED', attempts, lastError: input.error }, actor, {
      action: 'fail',
      details,
    });
  });
}

const MANUAL_RISK = 30;

export function manualComplete(
  pool: pg.Pool,
  id: string,
  input: { reason: string; result?: unknown },
  actor: AuditActor,
): Promise<CommandDetailDto> {
  return settle(pool, id, (client, row) => {
    if (row.status === 'COMPLETED') throw invalidTransition(row, 'manual-complete', 'PENDING, PROCESSING or FAILED');
    return changeStatus(
      client,
      row,
      { status: 'COMPLETED', ...(input.result !== undefined ? { result: input.result } : {}) },
      actor,
      { action: 'manual_complete', details: { reason: input.reason }, riskScore: MANUAL_RISK },
    );
  });
}

export function manualFail(
  pool: pg.Pool,
  id: string,
  input: { reason: string; error: string },
  actor: AuditActor,
): Promise<CommandDetailDto> {
  return settle(pool, id, (client, row) => {
    if (row.status === 'COMPLETED' || row.status === 'FAILED')
      throw invalidTransition(row, 'manual-fail', 'PENDING or PROCESSING');
    return changeStatus(client, row, { status: 'FAILED', lastError: input.error }, actor, {
      action: 'manual_fail',
      details: { reason: input.reason },
      riskScore: MANUAL_RISK,
    });
  });
}

/**
 * Resend: the same command (same id, so links and n8n executions keep pointing at it) goes
 * back to PENDING with a fresh attempt budget; its previous outcome stays in the audit row's
 * old value. It must still pass the whitelist — an entry disabled since is a 422.
 */
export function resend(pool: pg.Pool, id: string, input: { reason: string }, actor: AuditActor) {
  return settle(pool, id, async (client, row) => {
    if (row.status !== 'COMPLETED' && row.status !== 'FAILED')
      throw invalidTransition(row, 'resend', 'COMPLETED or FAILED');
    await assertWhitelisted(client, row.system, row.action, row.params);
    return changeStatus(
      client,
      row,
      {
        status: 'PENDING',
        attempts: 0,
        claimedBy: null,
        claimedAt: null,
        lastError: null,
        result: null,
        availableInMs: 0,
      },
      actor,
      { action: 'resend', details: { reason: input.reason }, riskScore: MANUAL_RISK },
    );
  });
}
