-- 0006 — commands: whitelisted instructions delivered to target systems (SPEC 3.2).
--
-- Life cycle: PENDING → PROCESSING (claimed) → COMPLETED | FAILED; a failure with retry left
-- goes back to PENDING with a later available_at; a PROCESSING command past its timeout is
-- reset to PENDING before the next claim. Chronos never executes a command itself.
--
-- Claim (poll delivery), safe with concurrent pollers:
--   UPDATE commands SET status = 'PROCESSING', claimed_by = $2, claimed_at = now(), attempts = attempts + 1
--    WHERE id IN (SELECT id FROM commands
--                  WHERE system = $1 AND status = 'PENDING' AND delivery_mode = 'poll' AND available_at <= now()
--                  ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
--   RETURNING *;
-- Stale reset (first):
--   UPDATE commands SET status = 'PENDING', claimed_by = NULL, claimed_at = NULL, last_error = 'timed out'
--    WHERE status = 'PROCESSING' AND claimed_at + timeout_seconds * interval '1 second' < now();

CREATE TABLE commands (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  system            text NOT NULL,
  action            text NOT NULL,
  params            jsonb NOT NULL DEFAULT '{}',
  status            text NOT NULL DEFAULT 'PENDING',
  attempts          integer NOT NULL DEFAULT 0,
  max_retries       integer NOT NULL DEFAULT 3,
  timeout_seconds   integer NOT NULL DEFAULT 300,
  available_at      timestamptz NOT NULL DEFAULT now(),
  claimed_by        text,
  claimed_at        timestamptz,
  last_error        text,
  result            jsonb,
  idempotency_key   text,
  source            text NOT NULL DEFAULT 'api',
  created_by        text,
  source_event_id   uuid REFERENCES events (id) ON DELETE SET NULL,
  parent_command_id uuid REFERENCES commands (id) ON DELETE SET NULL,
  rule_id           uuid REFERENCES rules (id) ON DELETE SET NULL,
  chain_depth       integer NOT NULL DEFAULT 0,
  delivery_mode     text NOT NULL DEFAULT 'poll',
  completed_at      timestamptz,
  failed_at         timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT commands_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT commands_system_format CHECK (system ~ '^[A-Z][A-Z0-9_]*$' AND char_length(system) <= 64),
  CONSTRAINT commands_action_format CHECK (action ~ '^[A-Z][A-Z0-9_]*$' AND char_length(action) <= 64),
  CONSTRAINT commands_params_object CHECK (jsonb_typeof(params) = 'object'),
  CONSTRAINT commands_status_check CHECK (status IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED')),
  CONSTRAINT commands_attempts_check CHECK (attempts >= 0),
  CONSTRAINT commands_max_retries_range CHECK (max_retries BETWEEN 0 AND 100),
  CONSTRAINT commands_timeout_range CHECK (timeout_seconds BETWEEN 1 AND 86400),
  CONSTRAINT commands_idempotency_key_length CHECK (idempotency_key IS NULL OR char_length(idempotency_key) BETWEEN 1 AND 255),
  CONSTRAINT commands_source_format CHECK (source ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
  CONSTRAINT commands_chain_depth_check CHECK (chain_depth >= 0 AND (parent_command_id IS NOT NULL OR rule_id IS NOT NULL OR chain_depth = 0)),
  CONSTRAINT commands_not_own_parent CHECK (parent_command_id IS DISTINCT FROM id),
  CONSTRAINT commands_delivery_mode_check CHECK (delivery_mode IN ('poll', 'push')),
  CONSTRAINT commands_processing_claimed CHECK (status <> 'PROCESSING' OR claimed_at IS NOT NULL)
);
COMMENT ON TABLE commands IS
  'External commands (system + action + params), validated against whitelists at creation, delivered by poll (GET /api/v1/commands/{system}) or push (an outbox row).';
COMMENT ON COLUMN commands.action IS 'The command, UPPER_SNAKE like whitelists.action.';
COMMENT ON COLUMN commands.attempts IS 'How many times the command was claimed/delivered. A failure with retry requested goes back to PENDING only while attempts <= max_retries.';
COMMENT ON COLUMN commands.available_at IS 'Not claimable before this time (retry backoff).';
COMMENT ON COLUMN commands.source IS 'Where it came from: api, console, telegram, calendar, rule, healing, …';
COMMENT ON COLUMN commands.parent_command_id IS 'For rule chains: the command whose status change fired the rule.';
COMMENT ON COLUMN commands.chain_depth IS '0 for a command created directly; parent''s chain_depth + 1 when created by a rule (loop guard against rules.max_depth).';
COMMENT ON COLUMN commands.completed_at IS 'Set automatically when status becomes COMPLETED.';
COMMENT ON COLUMN commands.failed_at IS 'Set automatically when status becomes FAILED (kept if retried, as the last failure time).';

CREATE INDEX commands_claim_idx ON commands (system, status, created_at);
CREATE INDEX commands_processing_idx ON commands (claimed_at) WHERE status = 'PROCESSING';
CREATE INDEX commands_created_at_idx ON commands (created_at DESC);
CREATE INDEX commands_source_event_idx ON commands (source_event_id) WHERE source_event_id IS NOT NULL;
CREATE INDEX commands_parent_idx ON commands (parent_command_id) WHERE parent_command_id IS NOT NULL;
CREATE INDEX commands_rule_idx ON commands (rule_id) WHERE rule_id IS NOT NULL;

CREATE FUNCTION commands_status_times() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'COMPLETED' THEN
    NEW.completed_at := coalesce(NEW.completed_at, now());
  ELSE
    NEW.completed_at := NULL;
  END IF;
  -- failed_at: stamped on every transition into FAILED (unless the statement sets it itself).
  IF NEW.status = 'FAILED' THEN
    IF TG_OP = 'INSERT' THEN
      NEW.failed_at := coalesce(NEW.failed_at, now());
    ELSIF OLD.status <> 'FAILED' AND NEW.failed_at IS NOT DISTINCT FROM OLD.failed_at THEN
      NEW.failed_at := now();
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER commands_status_times BEFORE INSERT OR UPDATE OF status ON commands
  FOR EACH ROW EXECUTE FUNCTION commands_status_times();
CREATE TRIGGER commands_set_updated_at BEFORE UPDATE ON commands
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
