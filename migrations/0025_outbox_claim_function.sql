-- 0025 — the relay's claim as a function whose plan does not depend on statistics.
--
-- The claim reads the oldest due rows: status = 'pending' AND available_at <= now(), ORDER BY
-- available_at, LIMIT n, FOR UPDATE SKIP LOCKED. The right plan is always a walk along
-- outbox_due_idx that stops after n rows. But the planner estimates the number of pending rows
-- from the statistics of the last ANALYZE, taken in a normal moment: a few dozen rows pending
-- among thousands delivered (or a fresh table never analyzed). A burst of 30,000 new rows is
-- then still estimated at a few dozen — no more than the claim's LIMIT (the relay asks for up
-- to 200), so the LIMIT promises no early stop — and the planner prefers to fetch every
-- pending row and sort them, for every claim, until autovacuum analyzes again (after 10 % of
-- the table changed: with a million rows of history, a burst of 30,000 never triggers it).
-- Measured on 30,000 queued webhooks: 5.2 ms per claim of ~27 rows with the sort (two thirds
-- of PostgreSQL's work per delivery), 2.7 ms for the whole claim statement with the walk.
--
-- A function can carry planner settings (SET clauses, restored on return) for exactly this
-- one statement: with sorts and bitmap scans off, the walk is what remains. Its columns are
-- those the relay (admin-api/src/relay/relay.ts) reads; tests/integration/outbox-claim-plan
-- shows the trap and the pinned plan.

CREATE FUNCTION outbox_claim(max_rows integer, relay_id text, lease_ms double precision)
RETURNS TABLE (
  id uuid, event_type text, channel text, subscription_id uuid, target text, payload jsonb,
  idempotency_key text, attempts integer, max_attempts integer, created_at timestamptz,
  starts integer, attempt_id uuid)
LANGUAGE sql
VOLATILE
SET enable_sort = off
SET enable_bitmapscan = off
AS $$
  WITH due AS (
    SELECT o.id FROM outbox o
     WHERE o.status = 'pending' AND o.available_at <= now()
     ORDER BY o.available_at
     LIMIT max_rows
     FOR UPDATE SKIP LOCKED),
  leased AS (
    UPDATE outbox o SET status = 'in_flight', starts = o.starts + 1, locked_by = relay_id,
           locked_until = now() + make_interval(secs => lease_ms / 1000)
      FROM due WHERE o.id = due.id
    RETURNING o.id, o.event_type, o.channel, o.subscription_id, o.target, o.payload, o.idempotency_key,
              o.attempts, o.max_attempts, o.created_at, o.starts),
  opened AS (
    INSERT INTO delivery_attempts (outbox_id, attempt, relay)
    SELECT leased.id, leased.starts, relay_id FROM leased
    RETURNING delivery_attempts.id AS attempt_id, outbox_id)
  SELECT leased.id, leased.event_type, leased.channel, leased.subscription_id, leased.target, leased.payload,
         leased.idempotency_key, leased.attempts, leased.max_attempts, leased.created_at, leased.starts,
         opened.attempt_id
    FROM leased JOIN opened ON opened.outbox_id = leased.id
$$;
COMMENT ON FUNCTION outbox_claim(integer, text, double precision) IS
  'The relay''s claim: leases up to `max_rows` due outbox rows to `relay_id` for `lease_ms` and opens their delivery_attempts rows. Planner settings pinned so the plan is the walk along outbox_due_idx whatever the statistics say (migration 0025).';
