-- 0007 — delivery: subscriptions, the transactional outbox and its attempts, replay
-- protection for inbound webhooks, mail delivery log, Telegram update dedupe.

-- ---------------------------------------------------------------------------------------------
-- subscriptions: webhook receivers (mostly Chronos Trigger nodes) for chosen event types.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE subscriptions (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url                  text NOT NULL,
  event_types          text[] NOT NULL,
  secret_ciphertext    bytea NOT NULL,
  secret_nonce         bytea NOT NULL,
  secret_key_id        text NOT NULL,
  active               boolean NOT NULL DEFAULT true,
  description          text,
  disabled_reason      text,
  created_by           text,
  api_key_id           uuid REFERENCES api_keys (id) ON DELETE SET NULL,
  consecutive_failures integer NOT NULL DEFAULT 0,
  last_success_at      timestamptz,
  last_failure_at      timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT subscriptions_url_key UNIQUE (url),
  CONSTRAINT subscriptions_url_format CHECK (url ~* '^https?://[^\s/?#]+[^\s]*$' AND char_length(url) <= 2048),
  CONSTRAINT subscriptions_event_types_valid CHECK (
    cardinality(event_types) >= 1
    AND text_array_all_match(event_types, '^(\*|[a-z][a-z0-9_]*(\.([a-z0-9_]+|\*))*)$')
  ),
  CONSTRAINT subscriptions_secret_sizes CHECK (octet_length(secret_ciphertext) >= 16 AND octet_length(secret_nonce) >= 12),
  CONSTRAINT subscriptions_consecutive_failures_check CHECK (consecutive_failures >= 0)
);
COMMENT ON TABLE subscriptions IS
  'Webhook receivers for Chronos events. The Chronos Trigger node creates its row on workflow activation and deletes it on deactivation (url is unique, so re-registering is an upsert). Deliveries go through the outbox, signed with the subscription''s secret (Standard Webhooks).';
COMMENT ON COLUMN subscriptions.event_types IS
  'Event types to receive: exact (event.created), a family (event.*) or everything (*).';
COMMENT ON COLUMN subscriptions.secret_ciphertext IS
  'The whsec_… signing secret, AES-256-GCM encrypted by the app (ciphertext || tag); see 0004 for the scheme.';
COMMENT ON COLUMN subscriptions.disabled_reason IS 'Why active was turned off (by an admin, or automatically after repeated failures).';
CREATE INDEX subscriptions_event_types_idx ON subscriptions USING gin (event_types) WHERE active;

CREATE TRIGGER subscriptions_set_updated_at BEFORE UPDATE ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- outbox (ARCHITECTURE "The shape")
--
-- Every external effect is a row written in the same transaction as its cause.
-- Relay protocol:
--   claim:  UPDATE outbox SET status = 'in_flight', starts = starts + 1,
--                  locked_by = $relay, locked_until = now() + $lease
--            WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND available_at <= now()
--                          ORDER BY available_at LIMIT $n FOR UPDATE SKIP LOCKED)
--           RETURNING *;                       -- starts is the lease number of this attempt
--   settle: UPDATE outbox SET attempts = attempts + 1, … WHERE id = $id AND status = 'in_flight' AND starts = $lease
--           (0 rows = the lease was lost; the result is discarded)
--           success → status 'delivered', delivered_at = now()
--           failure → status 'pending', available_at = now() + backoff, or 'dead' once attempts >= max_attempts
--   expired leases: rows 'in_flight' with locked_until < now() go back to 'pending'; a row with
--           starts - attempts >= 3 (started three times, never finished: it kills its relay) goes
--           to 'dead' instead (poison message).
--   admin retry of a dead row: status 'pending', attempts = 0, starts = 0, available_at = now().
-- Wake-up: NOTIFY on channel 'chronos_outbox' (payload '') after every INSERT statement and
-- when a dead/cancelled row is set back to pending; relays LISTEN and also poll as a backstop.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE outbox (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_type       text NOT NULL,
  channel          text NOT NULL,
  subscription_id  uuid REFERENCES subscriptions (id) ON DELETE SET NULL,
  target           text,
  payload          jsonb NOT NULL,
  idempotency_key  text NOT NULL,
  status           text NOT NULL DEFAULT 'pending',
  attempts         integer NOT NULL DEFAULT 0,
  starts           integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL DEFAULT 10,
  available_at     timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,
  locked_by        text,
  last_error       text,
  last_status_code integer,
  delivered_at     timestamptz,
  entity           text,
  entity_id        text,
  command_id       uuid REFERENCES commands (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT outbox_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT outbox_idempotency_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
  CONSTRAINT outbox_event_type_format CHECK (event_type ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$' AND char_length(event_type) <= 100),
  CONSTRAINT outbox_channel_check CHECK (channel IN ('webhook', 'telegram', 'mail', 'n8n')),
  CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead', 'cancelled')),
  CONSTRAINT outbox_counters_check CHECK (attempts >= 0 AND starts >= 0 AND max_attempts BETWEEN 1 AND 100),
  CONSTRAINT outbox_in_flight_locked CHECK (status <> 'in_flight' OR (locked_until IS NOT NULL AND locked_by IS NOT NULL)),
  CONSTRAINT outbox_delivered_at_check CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
COMMENT ON TABLE outbox IS
  'Transactional outbox: one row per external effect (webhook, Telegram message, mail, n8n call), written in the same transaction as its cause, delivered at least once by the relay. Receivers dedupe on idempotency_key (sent as webhook-id).';
COMMENT ON COLUMN outbox.event_type IS 'What the row announces or does: event.created, command.created, telegram.send, mail.send, outbox.dead, …';
COMMENT ON COLUMN outbox.subscription_id IS 'webhook channel: the receiving subscription. NULL after the subscription was deleted → the relay cancels the row.';
COMMENT ON COLUMN outbox.target IS 'Channel-specific address snapshot: Telegram chat id, n8n webhook URL/path, mail recipients summary, subscription URL.';
COMMENT ON COLUMN outbox.payload IS 'Everything the relay needs to perform the effect (mail attachments base64-encoded; keep them small).';
COMMENT ON COLUMN outbox.attempts IS 'Finished (settled) attempts; compared with max_attempts.';
COMMENT ON COLUMN outbox.starts IS 'Claims (started attempts). Also the lease number: settle only WHERE starts = <the value returned by the claim>. starts - attempts = started but never finished (poison after 3).';
COMMENT ON COLUMN outbox.available_at IS 'Due time: not claimed before it (first delivery or backoff).';
COMMENT ON COLUMN outbox.entity IS 'Optional: the kind and id of the thing that caused the row (event, command, …), for tracing.';

CREATE INDEX outbox_due_idx ON outbox (available_at) WHERE status = 'pending';
CREATE INDEX outbox_in_flight_idx ON outbox (locked_until) WHERE status = 'in_flight';
CREATE INDEX outbox_status_created_idx ON outbox (status, created_at DESC);
CREATE INDEX outbox_subscription_idx ON outbox (subscription_id) WHERE subscription_id IS NOT NULL;
CREATE INDEX outbox_command_idx ON outbox (command_id) WHERE command_id IS NOT NULL;
CREATE INDEX outbox_entity_idx ON outbox (entity, entity_id) WHERE entity IS NOT NULL;

CREATE TRIGGER outbox_set_updated_at BEFORE UPDATE ON outbox
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE FUNCTION outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Delivered at COMMIT (never for a rolled-back insert); identical notifications within one
  -- transaction are folded into one.
  PERFORM pg_notify('chronos_outbox', '');
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION outbox_notify() IS 'Wakes relays listening on channel chronos_outbox.';

CREATE TRIGGER outbox_notify_insert AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
-- Admin "retry" of a dead (or cancelled) row. Backoff re-schedules (in_flight → pending) do not
-- notify: those rows are not due yet.
CREATE TRIGGER outbox_notify_requeue AFTER UPDATE OF status ON outbox
  FOR EACH ROW WHEN (NEW.status = 'pending' AND OLD.status IN ('dead', 'cancelled'))
  EXECUTE FUNCTION outbox_notify();

CREATE TABLE delivery_attempts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  outbox_id        uuid NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  attempt          integer NOT NULL,
  relay            text,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  duration_ms      integer,
  outcome          text,
  status_code      integer,
  error            text,
  response_excerpt text,
  retry_after_ms   integer,
  CONSTRAINT delivery_attempts_attempt_check CHECK (attempt >= 1),
  CONSTRAINT delivery_attempts_duration_check CHECK (duration_ms IS NULL OR duration_ms >= 0),
  CONSTRAINT delivery_attempts_outcome_check CHECK (outcome IS NULL OR outcome IN ('delivered', 'failed', 'timeout', 'lease_lost', 'abandoned', 'cancelled')),
  CONSTRAINT delivery_attempts_finished_check CHECK (finished_at IS NULL OR finished_at >= started_at),
  CONSTRAINT delivery_attempts_excerpt_length CHECK (char_length(response_excerpt) <= 4096),
  CONSTRAINT delivery_attempts_retry_after_check CHECK (retry_after_ms IS NULL OR retry_after_ms >= 0)
);
COMMENT ON TABLE delivery_attempts IS
  'One row per delivery attempt of an outbox row: inserted at claim (attempt = outbox.starts), completed at settle. A row with finished_at NULL is an attempt that never finished (crash, lease lost). attempt numbers restart after an admin retry; order by started_at.';
COMMENT ON COLUMN delivery_attempts.response_excerpt IS 'First bytes of the receiver''s answer (≤ 4096 characters, secrets redacted by the app).';
CREATE INDEX delivery_attempts_outbox_idx ON delivery_attempts (outbox_id, started_at);
CREATE INDEX delivery_attempts_started_at_idx ON delivery_attempts (started_at);

-- Reminders record the outbox row that carried them (event_reminders is created in 0005).
ALTER TABLE event_reminders
  ADD CONSTRAINT event_reminders_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES outbox (id) ON DELETE SET NULL;
CREATE INDEX event_reminders_outbox_idx ON event_reminders (outbox_id) WHERE outbox_id IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- Inbound replay protection and dedupe
-- ---------------------------------------------------------------------------------------------

CREATE TABLE seen_webhook_ids (
  source     text NOT NULL,
  webhook_id text NOT NULL,
  seen_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, webhook_id),
  CONSTRAINT seen_webhook_ids_source_format CHECK (source ~ '^[a-z][a-z0-9_.:-]{0,99}$'),
  CONSTRAINT seen_webhook_ids_webhook_id_length CHECK (char_length(webhook_id) BETWEEN 1 AND 255)
);
COMMENT ON TABLE seen_webhook_ids IS
  'webhook-id values of accepted inbound webhooks, per source (e.g. n8n, subscription:<id>). INSERT … ON CONFLICT DO NOTHING returning no row = replay → refuse. Rows older than the 5-minute tolerance (plus margin) can be deleted: such requests fail the timestamp check anyway.';
CREATE INDEX seen_webhook_ids_seen_at_idx ON seen_webhook_ids (seen_at);

CREATE TABLE telegram_updates_seen (
  update_id   bigint PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE telegram_updates_seen IS
  'Telegram update_ids already handled (Telegram redelivers on timeouts). Prune old rows by received_at.';
CREATE INDEX telegram_updates_seen_received_at_idx ON telegram_updates_seen (received_at);

-- ---------------------------------------------------------------------------------------------
-- mail_deliveries: the delivery log per message.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE mail_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL,
  outbox_id       uuid REFERENCES outbox (id) ON DELETE SET NULL,
  template_id     uuid REFERENCES templates (id) ON DELETE SET NULL,
  event_id        uuid REFERENCES events (id) ON DELETE SET NULL,
  message_id      text,
  status          text NOT NULL DEFAULT 'queued',
  error           text,
  recipients      jsonb NOT NULL,
  subject         text,
  attachments     jsonb NOT NULL DEFAULT '[]',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  CONSTRAINT mail_deliveries_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT mail_deliveries_idempotency_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
  CONSTRAINT mail_deliveries_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  CONSTRAINT mail_deliveries_sent_at_check CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CONSTRAINT mail_deliveries_recipients_object CHECK (jsonb_typeof(recipients) = 'object'),
  CONSTRAINT mail_deliveries_attachments_array CHECK (jsonb_typeof(attachments) = 'array')
);
COMMENT ON TABLE mail_deliveries IS
  'One row per mail message. idempotency_key is unique: a second send with the same key finds the row and sends nothing.';
COMMENT ON COLUMN mail_deliveries.message_id IS 'The SMTP Message-ID of the sent message.';
COMMENT ON COLUMN mail_deliveries.recipients IS '{"to": [...], "cc": [...], "bcc": [...], "reply_to": "…"}';
COMMENT ON COLUMN mail_deliveries.attachments IS 'Attachment metadata only: [{"filename": "…", "content_type": "…", "size": 123}].';
CREATE INDEX mail_deliveries_created_at_idx ON mail_deliveries (created_at DESC);
CREATE INDEX mail_deliveries_status_idx ON mail_deliveries (status, created_at DESC);
CREATE INDEX mail_deliveries_outbox_idx ON mail_deliveries (outbox_id) WHERE outbox_id IS NOT NULL;
CREATE INDEX mail_deliveries_template_idx ON mail_deliveries (template_id) WHERE template_id IS NOT NULL;
CREATE INDEX mail_deliveries_event_idx ON mail_deliveries (event_id) WHERE event_id IS NOT NULL;

CREATE TRIGGER mail_deliveries_set_updated_at BEFORE UPDATE ON mail_deliveries
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
