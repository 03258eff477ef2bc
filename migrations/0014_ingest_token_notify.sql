-- 0014 — announce changes of ingest tokens that affect authentication, so every admin-api
-- replica can drop its cached verification of that token at once (channel
-- chronos_ingest_tokens, payload = public_id), as 0012 does for API keys. Usage statistics
-- (use_count, last_used_*) are not in the column list: they change every second on a busy
-- token and do not affect authentication.

CREATE FUNCTION ingest_tokens_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('chronos_ingest_tokens', OLD.public_id);
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION ingest_tokens_notify_change() IS
  'Tells listening admin-api processes (channel chronos_ingest_tokens) that a token''s authentication data changed; delivered at COMMIT.';

CREATE TRIGGER ingest_tokens_notify_update
  AFTER UPDATE OF domain, public_id, token_hash, expires_at, revoked_at ON ingest_tokens
  FOR EACH ROW EXECUTE FUNCTION ingest_tokens_notify_change();
CREATE TRIGGER ingest_tokens_notify_delete AFTER DELETE ON ingest_tokens
  FOR EACH ROW EXECUTE FUNCTION ingest_tokens_notify_change();
