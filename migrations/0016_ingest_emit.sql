-- 0016 — fan-out of `ingest.received` messages, called by POST /ingest/{domain} only when a
-- subscription wants them. Same rows as admin-api's emitEvent() (outbox/emit.ts): one per
-- active subscription whose event_types match, idempotency key msg_<message id>_<subscription
-- id>. Why a function: the receiver writes records and messages in one statement, and an
-- INSERT INTO outbox in that statement would run — and fire outbox_notify, whose NOTIFY
-- PostgreSQL serialises across all committing transactions — even when it inserts nothing.
-- Called from a CASE, the INSERT runs only when a subscription matches.

CREATE FUNCTION ingest_emit_received(
  p_type text,
  p_patterns text[],
  p_entity text,
  p_received_at text,
  p_message_ids text[],
  p_payloads text[],
  p_domains text[]
) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  emitted integer;
BEGIN
  INSERT INTO outbox (event_type, channel, subscription_id, target, payload, idempotency_key, entity, entity_id)
  SELECT p_type, 'webhook', s.id, s.url, jsonb_set(m.payload::jsonb, '{data,received_at}', to_jsonb(p_received_at)),
         'msg_' || m.id || '_' || s.id, p_entity, m.domain
    FROM unnest(p_message_ids, p_payloads, p_domains) AS m(id, payload, domain)
   CROSS JOIN subscriptions s
   WHERE s.active AND s.event_types && p_patterns;
  GET DIAGNOSTICS emitted = ROW_COUNT;
  RETURN emitted;
END
$$;
COMMENT ON FUNCTION ingest_emit_received(text, text[], text, text, text[], text[], text[]) IS
  'Outbox fan-out of ingest messages (one per request; payload = emitEvent envelope, data.received_at set to p_received_at). Returns the number of outbox rows written.';
