-- 0004 — configuration: settings and integrations (secrets encrypted by the app), templates
-- and their usage, command whitelists, rules.
--
-- Encrypted secrets (here and in subscriptions): the app encrypts with AES-256-GCM using a key
-- from the environment and stores
--   <x>_ciphertext  = ciphertext || 16-byte GCM auth tag
--   <x>_nonce       = the 12-byte IV, fresh for every encryption
--   <x>_key_id      = which key encrypted it (key rotation: decrypt with the old key, re-encrypt)
-- and should bind the row with additional authenticated data (e.g. '<table>:<id>'), so a
-- ciphertext copied to another row does not decrypt. The database never sees a clear secret.

-- ---------------------------------------------------------------------------------------------
-- settings: one row per area, keyed by a readable text id.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE settings (
  id                text PRIMARY KEY,
  category          text NOT NULL DEFAULT 'general',
  description       text,
  value             jsonb NOT NULL DEFAULT '{}',
  secret_ciphertext bytea,
  secret_nonce      bytea,
  secret_key_id     text,
  secret_updated_at timestamptz,
  updated_by        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT settings_id_format CHECK (id ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' AND char_length(id) <= 100),
  CONSTRAINT settings_category_check CHECK (category IN ('general', 'integration', 'security', 'backup', 'health')),
  CONSTRAINT settings_value_object CHECK (jsonb_typeof(value) = 'object'),
  CONSTRAINT settings_secret_complete CHECK (
    (secret_ciphertext IS NULL AND secret_nonce IS NULL AND secret_key_id IS NULL)
    OR (secret_ciphertext IS NOT NULL AND secret_nonce IS NOT NULL AND secret_key_id IS NOT NULL
        AND octet_length(secret_ciphertext) >= 16 AND octet_length(secret_nonce) >= 12)
  )
);
COMMENT ON TABLE settings IS
  'Settings and integrations keyed by a text id (e.g. smtp, telegram, s3, backup, healing, general). Non-secret values in value (jsonb object); secret values (passwords, bot token, S3 secret key) as ONE encrypted JSON object in secret_*, never returned by the API.';
COMMENT ON COLUMN settings.value IS 'Non-secret settings as a JSON object. Field names that are secret live only in the encrypted secret.';
COMMENT ON COLUMN settings.secret_ciphertext IS 'AES-256-GCM ciphertext || 16-byte tag of a JSON object of secret fields (encrypted by the app).';

CREATE TRIGGER settings_set_updated_at BEFORE UPDATE ON settings
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- templates (SPEC 3.3)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE templates (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  type        text NOT NULL,
  category    text,
  description text,
  subject     text,
  body_html   text,
  body_text   text,
  payload     jsonb,
  variables   jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT templates_name_key UNIQUE (name),
  CONSTRAINT templates_name_check CHECK (name = btrim(name) AND name <> '' AND char_length(name) <= 200),
  CONSTRAINT templates_type_check CHECK (type IN ('email', 'event', 'webhook')),
  CONSTRAINT templates_category_check CHECK (category IS NULL OR category IN ('notification', 'reminder', 'report')),
  CONSTRAINT templates_email_content CHECK (
    type <> 'email' OR (subject IS NOT NULL AND (body_html IS NOT NULL OR body_text IS NOT NULL))
  ),
  CONSTRAINT templates_webhook_payload CHECK (type <> 'webhook' OR payload IS NOT NULL),
  CONSTRAINT templates_variables_object CHECK (jsonb_typeof(variables) = 'object')
);
COMMENT ON TABLE templates IS
  'Message templates: email (subject, HTML and text body), event (text for event notifications, e.g. Telegram), webhook (JSON payload with placeholders in string values).';
COMMENT ON COLUMN templates.variables IS
  'Declared variables: {"event.title": {"description": "…", "required": true, "sample": "Team meeting"}, …}; samples feed the preview.';
CREATE INDEX templates_type_idx ON templates (type, name);
CREATE INDEX templates_name_trgm_idx ON templates USING gin (name gin_trgm_ops);

CREATE TRIGGER templates_set_updated_at BEFORE UPDATE ON templates
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE template_usages (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  template_id uuid NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
  used_at     timestamptz NOT NULL DEFAULT now(),
  used_by     text,
  context     text NOT NULL,
  details     jsonb,
  CONSTRAINT template_usages_context_format CHECK (context ~ '^[a-z][a-z0-9_.-]{0,63}$')
);
COMMENT ON TABLE template_usages IS
  'One row per use of a template (context e.g. mail.send, mail.test, preview, telegram.send, webhook, event.create; used_by = actor label), for the "most used" ranking.';
CREATE INDEX template_usages_template_idx ON template_usages (template_id, used_at DESC);
CREATE INDEX template_usages_used_at_idx ON template_usages (used_at);

CREATE VIEW template_usage_stats AS
  SELECT t.id AS template_id,
         count(u.id) AS use_count,
         max(u.used_at) AS last_used_at
    FROM templates t
    LEFT JOIN template_usages u ON u.template_id = t.id
   GROUP BY t.id;
COMMENT ON VIEW template_usage_stats IS
  'Per template: how often and when last used (use_count is bigint). Join on template_id to sort templates by most used.';

-- ---------------------------------------------------------------------------------------------
-- whitelists (SPEC 3.2)
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION whitelist_params_is_valid(p jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  k text;
  v jsonb;
BEGIN
  IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
    RETURN false;
  END IF;
  FOR k, v IN SELECT * FROM jsonb_each(p) LOOP
    IF k !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$'
       OR jsonb_typeof(v) <> 'object'
       OR jsonb_typeof(v -> 'type') IS DISTINCT FROM 'string'
       OR (v ->> 'type') NOT IN ('string', 'int', 'number', 'bool', 'email', 'url', 'list', 'object')
       OR (v ? 'required' AND jsonb_typeof(v -> 'required') <> 'boolean') THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;

CREATE TABLE whitelists (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  system      text NOT NULL,
  action      text NOT NULL,
  params      jsonb NOT NULL DEFAULT '{}',
  description text,
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT whitelists_system_action_key UNIQUE (system, action),
  CONSTRAINT whitelists_system_format CHECK (system ~ '^[A-Z][A-Z0-9_]*$' AND char_length(system) <= 64),
  CONSTRAINT whitelists_action_format CHECK (action ~ '^[A-Z][A-Z0-9_]*$' AND char_length(action) <= 64),
  CONSTRAINT whitelists_params_valid CHECK (whitelist_params_is_valid(params))
);
COMMENT ON TABLE whitelists IS
  'Allowed (system, action) pairs and their parameter types. Both are UPPER_SNAKE (TELEGRAM / SEND_MESSAGE): the app upper-cases what users type, so matching is exact.';
COMMENT ON COLUMN whitelists.params IS
  'Allowed params: {"chat_id": {"type": "int", "required": true}, "message": {"type": "string"}}; type one of string, int, number, bool, email, url, list, object; extra keys (description, …) allowed.';

CREATE TRIGGER whitelists_set_updated_at BEFORE UPDATE ON whitelists
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- rules ("workflows" in the seeds): when a command reaches a status, create a follow-up command.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE rules (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL,
  description     text,
  trigger_system  text NOT NULL,
  trigger_action  text NOT NULL,
  trigger_status  text NOT NULL DEFAULT 'COMPLETED',
  follow_system   text NOT NULL,
  follow_action   text NOT NULL,
  params_template jsonb NOT NULL DEFAULT '{}',
  enabled         boolean NOT NULL DEFAULT true,
  max_depth       integer NOT NULL DEFAULT 3,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rules_name_key UNIQUE (name),
  CONSTRAINT rules_name_check CHECK (btrim(name) <> '' AND char_length(name) <= 200),
  CONSTRAINT rules_trigger_system_format CHECK (trigger_system ~ '^[A-Z][A-Z0-9_]*$'),
  CONSTRAINT rules_trigger_action_format CHECK (trigger_action ~ '^[A-Z][A-Z0-9_]*$'),
  CONSTRAINT rules_follow_system_format CHECK (follow_system ~ '^[A-Z][A-Z0-9_]*$'),
  CONSTRAINT rules_follow_action_format CHECK (follow_action ~ '^[A-Z][A-Z0-9_]*$'),
  CONSTRAINT rules_trigger_status_check CHECK (trigger_status IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED')),
  CONSTRAINT rules_params_template_object CHECK (jsonb_typeof(params_template) = 'object'),
  CONSTRAINT rules_max_depth_range CHECK (max_depth BETWEEN 1 AND 20)
);
COMMENT ON TABLE rules IS
  'If-this-then-that: when a command (trigger_system, trigger_action) reaches trigger_status, create (follow_system, follow_action) with params rendered from params_template over the triggering command. A rule does not fire when the triggering command''s chain_depth + 1 would exceed max_depth (loop guard).';
CREATE INDEX rules_trigger_idx ON rules (trigger_system, trigger_action, trigger_status) WHERE enabled;

CREATE TRIGGER rules_set_updated_at BEFORE UPDATE ON rules
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
