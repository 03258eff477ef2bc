-- 0003 — the append-only, hash-chained audit log.
--
-- How the chain works
--   row_hash = sha256(prev_hash || convert_to(audit_canonical(row), 'UTF8'))
--   prev_hash = row_hash of the row with seq - 1 (32 zero bytes for seq 1).
-- seq is assigned by audit_append() as "last seq + 1" while holding a transaction-scoped
-- advisory lock, not by a sequence: with bigserial, two concurrent transactions can commit
-- in the opposite order of their numbers, and each would chain to a predecessor it could not
-- see. Holding the lock until commit makes appends strictly serial, so the next appender
-- always sees its predecessor. Consequence for callers: call audit_append() as late as
-- possible in the transaction (the lock is held until COMMIT/ROLLBACK), and only in READ
-- COMMITTED transactions (the default; a REPEATABLE READ snapshot could not see a
-- predecessor that committed while we waited, so audit_append() refuses to run there).
--
-- Timestamps enter the hash as UTC text with microseconds, so the session's TimeZone and
-- DateStyle cannot change a hash; jsonb enters as its ::text form, which is canonical
-- (keys sorted, duplicates removed, fixed spacing).
--
-- Append-only: UPDATE, DELETE and TRUNCATE are refused by triggers for every role, including
-- the table owner. Only ALTER TABLE … DISABLE TRIGGER (owner or superuser) gets around them,
-- and audit_verify() then finds the tampered row. Deleting the newest rows leaves a shorter
-- but valid chain: compare the head (max seq, its row_hash) with a copy kept elsewhere
-- (e.g. in backups) to detect that.
--
-- The table has no foreign keys on purpose: audited entities are hard-deleted, their history
-- must stay.

CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL,
  actor_type  text NOT NULL,
  actor_id    text,
  actor_label text,
  scope       text,
  entity      text NOT NULL,
  entity_id   text,
  action      text NOT NULL,
  old_value   jsonb,
  new_value   jsonb,
  ip          inet,
  user_agent  text,
  risk_score  smallint NOT NULL DEFAULT 0,
  success     boolean NOT NULL DEFAULT true,
  details     jsonb,
  prev_hash   bytea NOT NULL,
  row_hash    bytea NOT NULL,
  CONSTRAINT audit_log_id_key UNIQUE (id),
  CONSTRAINT audit_log_seq_positive CHECK (seq > 0),
  CONSTRAINT audit_log_occurred_at_finite CHECK (isfinite(occurred_at)),
  CONSTRAINT audit_log_actor_type_check CHECK (
    actor_type IN ('user', 'api_key', 'system', 'telegram', 'webhook', 'ingest', 'anonymous')
  ),
  CONSTRAINT audit_log_entity_format CHECK (entity ~ '^[a-z][a-z0-9_]{0,63}$'),
  CONSTRAINT audit_log_action_format CHECK (action ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  CONSTRAINT audit_log_risk_score_range CHECK (risk_score BETWEEN 0 AND 100),
  CONSTRAINT audit_log_prev_hash_length CHECK (octet_length(prev_hash) = 32),
  CONSTRAINT audit_log_row_hash_length CHECK (octet_length(row_hash) = 32)
);
COMMENT ON TABLE audit_log IS
  'Append-only, hash-chained record of every change (SPEC 3.5). Write only through audit_append(); check with audit_verify().';
COMMENT ON COLUMN audit_log.seq IS 'Chain position: 1, 2, 3, … without gaps, assigned under an advisory lock by audit_append().';
COMMENT ON COLUMN audit_log.id IS 'Stable record id for react-admin; seq is the chain order.';
COMMENT ON COLUMN audit_log.actor_id IS 'Id of the actor: admin_users.id, api_keys.id, Telegram chat id, … (text: actors come from several tables).';
COMMENT ON COLUMN audit_log.actor_label IS 'Human-readable actor at the time (e-mail, key name), kept because the actor may be deleted later.';
COMMENT ON COLUMN audit_log.scope IS 'The permission scope exercised (e.g. events.write, admin), or NULL.';
COMMENT ON COLUMN audit_log.entity IS 'Kind of the changed thing, singular snake_case: event, sub_task, event_link, command, template, whitelist, rule, api_key, admin_user, setting, …';
COMMENT ON COLUMN audit_log.entity_id IS 'Id of the changed thing as text (uuid or text key).';
COMMENT ON COLUMN audit_log.action IS 'What happened, lower-case: create, update, delete, login, logout, rotate, revoke, restore, …';

CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id);
CREATE INDEX audit_log_action_idx ON audit_log (action);

-- ---------------------------------------------------------------------------------------------
-- Canonical text of a row (everything except prev_hash and row_hash).
-- Every field is written as `name=` followed by `~` for NULL or `<length>:<text>` otherwise,
-- fields separated by `|`. The length prefix makes the encoding unambiguous whatever the
-- values contain (a NULL can never look like a value, no value can swallow a separator).
-- Version tag first, so a future format change can be recognised.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION audit_field(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v IS NULL THEN '~' ELSE char_length(v)::text || ':' || v END
$$;

CREATE FUNCTION audit_canonical(a audit_log) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT 'chronos-audit-v1'
    || '|seq='         || audit_field(a.seq::text)
    || '|id='          || audit_field(a.id::text)
    || '|occurred_at=' || audit_field(to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || '|actor_type='  || audit_field(a.actor_type)
    || '|actor_id='    || audit_field(a.actor_id)
    || '|actor_label=' || audit_field(a.actor_label)
    || '|scope='       || audit_field(a.scope)
    || '|entity='      || audit_field(a.entity)
    || '|entity_id='   || audit_field(a.entity_id)
    || '|action='      || audit_field(a.action)
    || '|old_value='   || audit_field(a.old_value::text)
    || '|new_value='   || audit_field(a.new_value::text)
    || '|ip='          || audit_field(a.ip::text)
    || '|user_agent='  || audit_field(a.user_agent)
    || '|risk_score='  || audit_field(a.risk_score::text)
    || '|success='     || audit_field(a.success::text)
    || '|details='     || audit_field(a.details::text)
$$;
COMMENT ON FUNCTION audit_canonical(audit_log) IS
  'Canonical text of an audit row (all columns but the hashes): the input of row_hash. Do not re-implement outside SQL; changing it needs a new version tag.';

CREATE FUNCTION audit_row_hash(a audit_log) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT sha256(a.prev_hash || convert_to(audit_canonical(a), 'UTF8'))
$$;

-- ---------------------------------------------------------------------------------------------
-- audit_append(): the only way rows get in.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION audit_append(
  p_actor_type  text,
  p_actor_id    text,
  p_actor_label text,
  p_scope       text,
  p_entity      text,
  p_entity_id   text,
  p_action      text,
  p_old_value   jsonb   DEFAULT NULL,
  p_new_value   jsonb   DEFAULT NULL,
  p_ip          inet    DEFAULT NULL,
  p_user_agent  text    DEFAULT NULL,
  p_risk_score  integer DEFAULT 0,
  p_success     boolean DEFAULT true,
  p_details     jsonb   DEFAULT NULL
) RETURNS audit_log
LANGUAGE plpgsql AS $$
DECLARE
  r         audit_log;
  last_seq  bigint;
  last_hash bytea;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'audit_append() must run in a READ COMMITTED transaction (this one is %)',
      current_setting('transaction_isolation')
      USING HINT = 'A REPEATABLE READ or SERIALIZABLE snapshot cannot see the audit row committed while waiting for the chain lock.';
  END IF;

  -- Fixed key 7420260002 (the migration runner uses 7420260001). Held until the transaction ends.
  PERFORM pg_advisory_xact_lock(7420260002);

  SELECT a.seq, a.row_hash INTO last_seq, last_hash
    FROM audit_log a ORDER BY a.seq DESC LIMIT 1;

  r.seq         := coalesce(last_seq, 0) + 1;
  r.id          := gen_random_uuid();
  -- The wall-clock time of the append (taken under the lock), so occurred_at never decreases along the chain.
  r.occurred_at := clock_timestamp();
  r.actor_type  := p_actor_type;
  r.actor_id    := p_actor_id;
  r.actor_label := p_actor_label;
  r.scope       := p_scope;
  r.entity      := p_entity;
  r.entity_id   := p_entity_id;
  r.action      := p_action;
  r.old_value   := p_old_value;
  r.new_value   := p_new_value;
  r.ip          := p_ip;
  r.user_agent  := p_user_agent;
  r.risk_score  := coalesce(p_risk_score, 0);
  r.success     := coalesce(p_success, true);
  r.details     := p_details;
  r.prev_hash   := coalesce(last_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  r.row_hash    := audit_row_hash(r);

  INSERT INTO audit_log SELECT (r).*;
  RETURN r;
END
$$;
COMMENT ON FUNCTION audit_append(text, text, text, text, text, text, text, jsonb, jsonb, inet, text, integer, boolean, jsonb) IS
  'Appends one audit row continuing the hash chain and returns it. Serialises appenders with pg_advisory_xact_lock(7420260002) until the caller''s transaction ends: call it last, in READ COMMITTED.';

-- ---------------------------------------------------------------------------------------------
-- Guards
-- ---------------------------------------------------------------------------------------------

-- A row inserted any other way than through audit_append() must still continue the chain
-- exactly; otherwise it is refused (catches a hand-written INSERT that would break the chain).
CREATE FUNCTION audit_log_check_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_seq  bigint;
  last_hash bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(7420260002); -- re-entrant: already held when called from audit_append()
  SELECT a.seq, a.row_hash INTO last_seq, last_hash
    FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
     OR NEW.row_hash IS DISTINCT FROM audit_row_hash(NEW) THEN
    RAISE EXCEPTION 'audit_log rows must be written with audit_append(): this row does not continue the hash chain'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_check_insert BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_check_insert();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit history is never changed or removed; record a correction with audit_append().';
END
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Belt and braces for deployments that run the API under a role other than the owner:
-- nobody gets UPDATE/DELETE/TRUNCATE through PUBLIC. (Grant the app role SELECT, INSERT only.)
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

-- ---------------------------------------------------------------------------------------------
-- audit_verify(): first broken link, or no row when the chain is intact.
-- p_from_seq > 1 verifies incrementally, trusting row p_from_seq - 1 as the anchor.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION audit_verify(p_from_seq bigint DEFAULT 1)
RETURNS TABLE (seq bigint, reason text)
LANGUAGE sql STABLE AS $$
  WITH chain AS (
    SELECT a.seq,
           a.prev_hash,
           a.row_hash,
           audit_row_hash(a) AS computed_hash,
           lag(a.seq)      OVER (ORDER BY a.seq) AS before_seq,
           lag(a.row_hash) OVER (ORDER BY a.seq) AS before_hash
      FROM audit_log a
     WHERE a.seq >= greatest(coalesce(p_from_seq, 1), 1) - 1
  )
  SELECT c.seq,
         CASE
           WHEN c.seq <> coalesce(c.before_seq, 0) + 1 THEN
             format('sequence gap: expected seq %s, found %s (rows are missing)', coalesce(c.before_seq, 0) + 1, c.seq)
           WHEN c.prev_hash <> coalesce(c.before_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) THEN
             CASE WHEN c.before_hash IS NULL
                  THEN 'prev_hash of the first row is not the genesis value (32 zero bytes)'
                  ELSE format('prev_hash does not match the row_hash of seq %s', c.before_seq) END
           ELSE 'row_hash does not match the row content (the row was altered)'
         END
    FROM chain c
   WHERE c.seq >= greatest(coalesce(p_from_seq, 1), 1)
     AND (c.seq <> coalesce(c.before_seq, 0) + 1
          OR c.prev_hash <> coalesce(c.before_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
          OR c.row_hash <> c.computed_hash)
   ORDER BY c.seq
   LIMIT 1
$$;
COMMENT ON FUNCTION audit_verify(bigint) IS
  'Walks the chain in seq order and returns the first seq whose sequence, prev_hash or row_hash is wrong, with the reason; returns no row when intact.';
