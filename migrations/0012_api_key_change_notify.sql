-- 0012 — announce changes of API keys that affect authentication, so every admin-api replica
-- can drop its cached verification of that key at once (channel chronos_api_keys, payload =
-- public_id). Usage statistics (use_count, last_used_*) are not in the column list: they change
-- every second on a busy key and do not affect authentication.

CREATE FUNCTION api_keys_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('chronos_api_keys', OLD.public_id);
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION api_keys_notify_change() IS
  'Tells listening admin-api processes (channel chronos_api_keys) that a key''s authentication data changed; delivered at COMMIT.';

CREATE TRIGGER api_keys_notify_update
  AFTER UPDATE OF name, level, public_id, secret_hash, scopes, expires_at, revoked_at, grace_until ON api_keys
  FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change();
CREATE TRIGGER api_keys_notify_delete AFTER DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change();
