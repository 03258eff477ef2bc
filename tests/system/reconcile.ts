// The reconciliation after a run: nothing the system acknowledged may be lost.
//   1. every acknowledged write is in the database: events, updates (each committed update
//      left its event.updated outbox row, written in the same transaction), commands, and
//      every ingest record id an ingest request was answered with;
//   2. the outbox drains: every row about those writes (and every row for the sink) leaves
//      pending/in_flight before a deadline and ends delivered;
//   3. the sink got every sink row's webhook-id exactly once. The relay delivers at least
//      once, so a duplicate is only acceptable where the relay lost track of an attempt (the
//      row has an abandoned, lease-lost or timed-out attempt: its replica was killed, the
//      database went away before the outcome was stored, or the answer came too late);
//   4. n8n (when the system counts executions): at least one ingest fan-out execution per
//      acknowledged ingest request.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionCounts } from './system.ts';
import type { Session } from './workload.ts';

export type Undelivered = {
  id: string;
  event_type: string;
  subscription_id: string | null;
  status: string;
  last_status_code: number | null;
  last_error: string | null;
  /** Why it is not a loss, when the attempts tell (see explainUndelivered). */
  explained?: string;
};

export type Reconciliation = {
  acknowledged: { events: number; updates: number; commands: number; ingestRequests: number; ingestRecords: number };
  /** Acknowledged writes not found (ids; at most 20 of each shown, counts complete). */
  lost: {
    count: number;
    events: string[];
    updates: string[];
    commands: string[];
    ingestRecords: string[];
    /** Acknowledged writes whose sink row never reached the sink. */
    notAtSink: string[];
  };
  outbox: {
    drained: boolean;
    drainMs: number;
    rows: number;
    /** `<sink|other>:<status>` → rows. */
    byStatus: Record<string, number>;
    undelivered: Undelivered[];
    undeliveredCount: number;
    /** `<event type> <status> <last status code>: <last error>` → rows, for every undelivered row. */
    undeliveredReasons: Record<string, number>;
    unexplainedUndelivered: number;
  };
  sink: {
    expected: number;
    received: number;
    missing: number;
    duplicates: number;
    /** Duplicated webhook-ids whose row shows no lost attempt. */
    unexplainedDuplicates: string[];
    unexpected: number;
    badSignatures: number;
  };
  n8n?: { executions: ExecutionCounts; acknowledgedIngestRequests: number; enough: boolean };
  ok: boolean;
};

export type ReconcileOptions = {
  /** How long to wait for the outbox rows to leave pending/in_flight. */
  drainTimeoutMs?: number;
  /** How long to wait for n8n executions to finish (status new/running) before counting. */
  executionSettleMs?: number;
  log?: (line: string) => void;
};

const SHOWN = 20;
const LOST_ATTEMPT = `a.outcome IN ('abandoned', 'lease_lost', 'timeout') OR (a.finished_at IS NULL)`;

export async function reconcile(
  session: Session,
  since: Date,
  options: ReconcileOptions = {},
): Promise<Reconciliation> {
  const { pool, countExecutions } = session.system;
  const { ledger, fixtures, sink } = session;
  const log = options.log ?? (() => undefined);
  const eventIds = ledger.eventIds;
  const commandIds = [...ledger.commands.values()].map((c) => c.id);
  const recordIds = ledger.ingests.flatMap((i) => i.ids);

  const found = async (sql: string, ids: string[]) =>
    new Set((await pool.query<{ id: string }>(sql, [ids])).rows.map((r) => r.id));
  const missing = (ids: string[], present: Set<string>) => ids.filter((id) => !present.has(id));

  const events = missing(
    eventIds,
    await found('SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[])', eventIds),
  );
  const commands = missing(
    commandIds,
    await found('SELECT id::text AS id FROM commands WHERE id = ANY($1::uuid[])', commandIds),
  );
  const records = missing(
    recordIds,
    await found('SELECT id::text AS id FROM ingest_records WHERE id = ANY($1::uuid[])', recordIds),
  );
  const updateRows = await pool.query<{ key: string }>(
    `SELECT (payload->'data'->>'id') || '|' || (payload->'data'->>'title') AS key
       FROM outbox WHERE subscription_id = $1 AND event_type = 'event.updated'`,
    [fixtures.subscriptionId],
  );
  const committedUpdates = new Set(updateRows.rows.map((r) => r.key));
  const updates = ledger.updates.filter((u) => !committedUpdates.has(`${u.id}|${u.title}`)).map((u) => u.id);

  // The rows about this run: everything for the sink, and every subscription's rows about the
  // acknowledged events, commands and the run's ingest domain.
  const relevant = `(subscription_id = $1
                     OR (entity = 'event' AND entity_id = ANY($2::text[]))
                     OR (entity = 'command' AND entity_id = ANY($3::text[]))
                     OR (event_type = 'ingest.received' AND entity_id = $4))
                    AND created_at >= $5`;
  const relevantArgs = [fixtures.subscriptionId, eventIds, commandIds, fixtures.ingest.domain, since];

  const drainStarted = Date.now();
  const deadline = drainStarted + (options.drainTimeoutMs ?? 120_000);
  let open = Infinity;
  while (Date.now() < deadline) {
    try {
      const r = await pool.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM outbox WHERE ${relevant} AND status IN ('pending', 'in_flight')`,
        relevantArgs,
      );
      open = r.rows[0]!.open;
      if (open === 0) break;
    } catch (error) {
      log(`reconcile: outbox query failed (${(error as Error).message}); retrying`);
    }
    await sleep(500);
  }
  const drainMs = Date.now() - drainStarted;
  log(`reconcile: outbox ${open === 0 ? 'drained' : `not drained (${open} open)`} after ${drainMs} ms`);

  const statusRows = await pool.query<{ sink: boolean; status: string; n: number }>(
    `SELECT subscription_id IS NOT DISTINCT FROM $1 AS sink, status, count(*)::int AS n
       FROM outbox WHERE ${relevant} GROUP BY 1, 2 ORDER BY 1, 2`,
    relevantArgs,
  );
  const byStatus = Object.fromEntries(statusRows.rows.map((r) => [`${r.sink ? 'sink' : 'other'}:${r.status}`, r.n]));
  const rows = statusRows.rows.reduce((sum, r) => sum + r.n, 0);

  const undeliveredRows = await pool.query<Undelivered & { lost_attempts: number }>(
    `SELECT o.id::text, o.event_type, o.subscription_id::text, o.status, o.last_status_code, o.last_error,
            (SELECT count(*)::int FROM delivery_attempts a WHERE a.outbox_id = o.id AND (${LOST_ATTEMPT})) AS lost_attempts
       FROM outbox o WHERE ${relevant} AND o.status <> 'delivered' ORDER BY o.created_at`,
    relevantArgs,
  );
  const undelivered = undeliveredRows.rows.map(({ lost_attempts, ...row }) => ({
    ...row,
    ...explainUndelivered(row, lost_attempts, fixtures.subscriptionId),
  }));
  const undeliveredReasons: Record<string, number> = {};
  for (const u of undelivered) {
    const reason = `${u.event_type} ${u.status} ${u.last_status_code ?? '-'}: ${(u.last_error ?? '').slice(0, 100)}`;
    undeliveredReasons[reason] = (undeliveredReasons[reason] ?? 0) + 1;
  }

  // The sink: every sink row's webhook-id once.
  const sinkRows = await pool.query<{
    key: string;
    type: string;
    entity_id: string | null;
    first_id: string | null;
    title: string | null;
  }>(
    `SELECT idempotency_key AS key, event_type AS type, entity_id,
            payload->'data'->'ids'->>0 AS first_id, payload->'data'->>'title' AS title
       FROM outbox WHERE subscription_id = $1`,
    [fixtures.subscriptionId],
  );
  const expectedKeys = new Set(sinkRows.rows.map((r) => r.key));
  const missingAtSink = sinkRows.rows.filter((r) => !sink.received.has(r.key));
  const unexpected = [...sink.received.keys()].filter((k) => !expectedKeys.has(k)).length;
  const duplicated = [...sink.received.entries()].filter(([, r]) => r.count > 1).map(([key]) => key);
  const explainedDuplicates = new Set(
    (
      await pool.query<{ key: string }>(
        `SELECT DISTINCT o.idempotency_key AS key FROM outbox o JOIN delivery_attempts a ON a.outbox_id = o.id
          WHERE o.idempotency_key = ANY($1::text[]) AND (${LOST_ATTEMPT})`,
        [duplicated],
      )
    ).rows.map((r) => r.key),
  );

  // Acknowledged writes whose announcement never reached the sink (the row exists, see above).
  const notAtSink = new Set<string>();
  const arrived = new Set<string>();
  for (const row of sinkRows.rows) {
    if (!sink.received.has(row.key)) continue;
    if (row.type === 'event.created') arrived.add(`created|${row.entity_id}`);
    if (row.type === 'event.updated') arrived.add(`updated|${row.entity_id}|${row.title}`);
    if (row.type === 'ingest.received') arrived.add(`ingest|${row.first_id}`);
  }
  for (const id of eventIds) if (!arrived.has(`created|${id}`)) notAtSink.add(`event ${id}`);
  for (const u of ledger.updates) if (!arrived.has(`updated|${u.id}|${u.title}`)) notAtSink.add(`update ${u.id}`);
  for (const i of ledger.ingests) if (!arrived.has(`ingest|${i.ids[0]}`)) notAtSink.add(`ingest ${i.ids[0]}`);

  let n8n: Reconciliation['n8n'];
  if (countExecutions) {
    let executions = await countExecutions(since);
    const settleUntil = Date.now() + (options.executionSettleMs ?? 60_000);
    while ((executions.byStatus.new ?? 0) + (executions.byStatus.running ?? 0) > 0 && Date.now() < settleUntil) {
      await sleep(1000);
      executions = await countExecutions(since);
    }
    const acknowledgedIngestRequests = ledger.ingests.length;
    n8n = { executions, acknowledgedIngestRequests, enough: executions.total >= acknowledgedIngestRequests };
  }

  const lostCount = events.length + updates.length + commands.length + records.length + notAtSink.size;
  const unexplainedUndelivered = undelivered.filter((u) => !u.explained).length;
  const unexplainedDuplicates = duplicated.filter((k) => !explainedDuplicates.has(k));
  return {
    acknowledged: {
      events: eventIds.length,
      updates: ledger.updates.length,
      commands: commandIds.length,
      ingestRequests: ledger.ingests.length,
      ingestRecords: recordIds.length,
    },
    lost: {
      count: lostCount,
      events: events.slice(0, SHOWN),
      updates: updates.slice(0, SHOWN),
      commands: commands.slice(0, SHOWN),
      ingestRecords: records.slice(0, SHOWN),
      notAtSink: [...notAtSink].slice(0, SHOWN),
    },
    outbox: {
      drained: open === 0,
      drainMs,
      rows,
      byStatus,
      undelivered: undelivered.slice(0, SHOWN),
      undeliveredCount: undelivered.length,
      undeliveredReasons,
      unexplainedUndelivered,
    },
    sink: {
      expected: expectedKeys.size,
      received: sink.received.size,
      missing: missingAtSink.length,
      duplicates: sink.duplicates(),
      unexplainedDuplicates: unexplainedDuplicates.slice(0, SHOWN),
      unexpected,
      badSignatures: sink.badSignatures,
    },
    ...(n8n ? { n8n } : {}),
    ok:
      lostCount === 0 &&
      open === 0 &&
      unexplainedUndelivered === 0 &&
      missingAtSink.length === 0 &&
      unexplainedDuplicates.length === 0 &&
      unexpected === 0 &&
      sink.badSignatures === 0 &&
      (n8n?.enough ?? true),
  };
}

/**
 * A row that did not end delivered is a loss unless its history explains it: the Chronos
 * Trigger refuses a webhook-id it has seen (decisions.md, "Replays are refused"), so a row
 * whose first answer was lost (its relay died or the database went away before the outcome
 * was stored) is refused with 401 on the retry and ends dead — while n8n did run it once.
 * The sink never refuses a replay, so for its rows nothing is explained.
 */
function explainUndelivered(row: Undelivered, lostAttempts: number, sinkSubscription: string): { explained?: string } {
  if (row.subscription_id === sinkSubscription) return {};
  if (row.status === 'dead' && row.last_status_code === 401 && lostAttempts > 0)
    return { explained: 'replay refused by the receiver after an attempt whose answer was lost' };
  return {};
}
