-- 0002 — admin users, passwords, sessions, API keys, security incidents.
--
-- Not in PostgreSQL on purpose: request rate-limit counters (per key / per IP). They live in
-- Redis when configured and in memory otherwise (rate-limiter-flexible), so a hot counter
-- never becomes a hot row. The account lockout (5 failures → 30 minutes) *is* here, in
-- admin_users, because it must hold across replicas and restarts. Failed and successful
-- logins are recorded in the audit log (action 'login', success true/false).

-- ---------------------------------------------------------------------------------------------
-- admin_users
-- ---------------------------------------------------------------------------------------------

CREATE TABLE admin_users (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email                citext NOT NULL,
  display_name         text,
  password_hash        text NOT NULL,
  role                 text NOT NULL DEFAULT 'viewer',
  failed_attempts      integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  must_change_password boolean NOT NULL DEFAULT false,
  last_login_at        timestamptz,
  last_login_ip        inet,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT admin_users_email_key UNIQUE (email),
  CONSTRAINT admin_users_email_format CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND char_length(email::text) <= 320),
  CONSTRAINT admin_users_role_check CHECK (role IN ('admin', 'viewer')),
  -- bcrypt ($2a$/$2b$/$2y$) or Argon2id PHC strings only: a clear-text password can never land here.
  CONSTRAINT admin_users_password_hash_format CHECK (password_hash ~ '^\$(2[aby]\$[0-9]{2}\$|argon2id\$)'),
  CONSTRAINT admin_users_failed_attempts_check CHECK (failed_attempts >= 0)
);
COMMENT ON TABLE admin_users IS
  'Console users. Lockout is counted here (failed_attempts, locked_until) so it holds across replicas. Deleting a user deletes its sessions and password history; its audit rows stay.';
COMMENT ON COLUMN admin_users.must_change_password IS
  'Set for a bootstrapped admin whose password was generated; the console asks for a new one.';

CREATE TRIGGER admin_users_set_updated_at BEFORE UPDATE ON admin_users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE password_history (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT password_history_hash_format CHECK (password_hash ~ '^\$(2[aby]\$[0-9]{2}\$|argon2id\$)')
);
COMMENT ON TABLE password_history IS
  'Previous password hashes per user, newest first by created_at, so a password change can refuse a recently used password. The app inserts the outgoing hash on every change and may prune beyond its history depth.';
CREATE INDEX password_history_user_idx ON password_history (user_id, created_at DESC);

-- ---------------------------------------------------------------------------------------------
-- sessions: one row per issued JWT (claim jti), so logout / logout-all / "active sessions"
-- work with otherwise stateless tokens.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jti          text NOT NULL DEFAULT gen_random_uuid()::text,
  user_id      uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
  ip           inet,
  user_agent   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  CONSTRAINT sessions_jti_key UNIQUE (jti),
  CONSTRAINT sessions_jti_length CHECK (char_length(jti) BETWEEN 16 AND 128),
  CONSTRAINT sessions_expiry_check CHECK (expires_at > created_at)
);
COMMENT ON TABLE sessions IS
  'Issued console JWTs. A token is valid only while its row exists, revoked_at is NULL and expires_at is in the future. Logout sets revoked_at; logout-all sets it on every row of the user.';
CREATE INDEX sessions_user_active_idx ON sessions (user_id, created_at DESC) WHERE revoked_at IS NULL;
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- ---------------------------------------------------------------------------------------------
-- api_keys: `chronos_<level>_<public id><secret><checksum>`; only SHA-256(secret) is stored.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  description  text,
  level        text NOT NULL DEFAULT 'standard',
  public_id    text NOT NULL,
  secret_hash  bytea NOT NULL,
  scopes       text[] NOT NULL DEFAULT '{}',
  expires_at   timestamptz,
  revoked_at   timestamptz,
  rotated_from uuid REFERENCES api_keys (id) ON DELETE SET NULL,
  grace_until  timestamptz,
  created_by   uuid REFERENCES admin_users (id) ON DELETE SET NULL,
  last_used_at timestamptz,
  last_used_ip inet,
  use_count    bigint NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT api_keys_public_id_key UNIQUE (public_id),
  CONSTRAINT api_keys_public_id_format CHECK (public_id ~ '^[0-9A-Za-z]{8,64}$'),
  CONSTRAINT api_keys_name_check CHECK (btrim(name) <> '' AND char_length(name) <= 200),
  CONSTRAINT api_keys_level_check CHECK (level IN ('standard', 'high')),
  CONSTRAINT api_keys_secret_hash_length CHECK (octet_length(secret_hash) = 32),
  -- Keep in step with admin-api/src/modules/api-keys/scopes.ts: a new scope needs a migration
  -- that replaces this constraint, so no key can ever carry a scope the code does not know.
  CONSTRAINT api_keys_scopes_check CHECK (
    array_position(scopes, NULL) IS NULL AND
    scopes <@ ARRAY[
      'events.read', 'events.write', 'commands.manage', 'admin',
      'templates.read', 'templates.write', 'whitelists.manage', 'workflows.manage',
      'backups.manage', 'integrations.manage'
    ]::text[]
  ),
  CONSTRAINT api_keys_use_count_check CHECK (use_count >= 0),
  CONSTRAINT api_keys_not_rotated_from_self CHECK (rotated_from IS DISTINCT FROM id)
);
COMMENT ON TABLE api_keys IS
  'API keys. A key is valid when revoked_at is NULL (or in the future), expires_at is NULL or in the future, and grace_until is NULL or in the future.';
COMMENT ON COLUMN api_keys.public_id IS 'The non-secret part of the key string, used to find the row without a scan.';
COMMENT ON COLUMN api_keys.secret_hash IS 'SHA-256 of the secret part (32 bytes). High-entropy secrets need no slow hash.';
COMMENT ON COLUMN api_keys.rotated_from IS 'On the NEW key: the key it replaced.';
COMMENT ON COLUMN api_keys.grace_until IS 'On the OLD key after a rotation: it keeps working until this time, then is refused.';
CREATE INDEX api_keys_rotated_from_idx ON api_keys (rotated_from) WHERE rotated_from IS NOT NULL;
CREATE INDEX api_keys_created_by_idx ON api_keys (created_by) WHERE created_by IS NOT NULL;

CREATE TRIGGER api_keys_set_updated_at BEFORE UPDATE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE api_key_ips (
  api_key_id    uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  ip            inet NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  use_count     bigint NOT NULL DEFAULT 1,
  PRIMARY KEY (api_key_id, ip)
);
COMMENT ON TABLE api_key_ips IS
  'Every IP a key was used from. An INSERT … ON CONFLICT DO UPDATE that actually inserts means "key used from a new IP" → security incident.';

-- ---------------------------------------------------------------------------------------------
-- security_incidents
-- ---------------------------------------------------------------------------------------------

CREATE TABLE security_incidents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind            text NOT NULL,
  severity        text NOT NULL DEFAULT 'medium',
  ip              inet,
  actor_type      text,
  actor_id        text,
  actor_label     text,
  details         jsonb NOT NULL DEFAULT '{}',
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES admin_users (id) ON DELETE SET NULL,
  CONSTRAINT security_incidents_kind_format CHECK (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  CONSTRAINT security_incidents_severity_check CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  CONSTRAINT security_incidents_details_object CHECK (jsonb_typeof(details) = 'object')
);
COMMENT ON TABLE security_incidents IS
  'Detected security events (kind e.g. brute_force, account_locked, api_key_new_ip, invalid_api_key, bad_webhook_signature, webhook_replay, telegram_bad_secret, ingest_bad_token, audit_chain_broken). Each also emits a security.incident event.';
CREATE INDEX security_incidents_occurred_at_idx ON security_incidents (occurred_at DESC);
CREATE INDEX security_incidents_open_idx ON security_incidents (occurred_at DESC) WHERE acknowledged_at IS NULL;
CREATE INDEX security_incidents_kind_idx ON security_incidents (kind, occurred_at DESC);
CREATE INDEX security_incidents_ip_idx ON security_incidents (ip, occurred_at DESC) WHERE ip IS NOT NULL;
