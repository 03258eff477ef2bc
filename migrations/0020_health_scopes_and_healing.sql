-- 0020 — health samples, detections and self-healing (SPEC 3.7): the agent's and the
-- operators' API key scopes, the HEALING whitelist the agent acts on, and what evaluation needs
-- to keep one open detection per subject and to show what an action was asked to do.

-- ---------------------------------------------------------------------------------------------
-- scopes: health.report (agents push samples, read reboot checks), health.manage (evaluate,
-- detections, healing actions). Keep in step with admin-api/src/modules/api-keys/scopes.ts.
-- ---------------------------------------------------------------------------------------------

ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (
  array_position(scopes, NULL) IS NULL AND
  scopes <@ ARRAY[
    'events.read', 'events.write', 'commands.manage', 'admin',
    'templates.read', 'templates.write', 'whitelists.manage', 'workflows.manage',
    'backups.manage', 'integrations.manage', 'health.report', 'health.manage'
  ]::text[]
);

-- ---------------------------------------------------------------------------------------------
-- The HEALING actions the Chronos agent executes (agent/README): nothing else can reach a
-- host. `host` routes a command to the agent of that host (GET /api/v1/commands/HEALING?host=);
-- service names and cleanup paths must also be in the agent's own configuration, so a command
-- can never name an arbitrary unit or folder. Every action accepts dry_run (report, do nothing).
-- Admins may disable an entry; the evaluator then records its actions as skipped.
-- ---------------------------------------------------------------------------------------------

INSERT INTO whitelists (system, action, params, description) VALUES
  ('HEALING', 'RESTART_SERVICE',
   '{"host": {"type": "string", "required": true}, "service": {"type": "string", "required": true, "description": "a service name from the agent''s configuration"}, "dry_run": {"type": "bool"}}',
   'Restart a configured service (systemd unit, container or the command the agent configures for it)'),
  ('HEALING', 'STOP_SERVICE',
   '{"host": {"type": "string", "required": true}, "service": {"type": "string", "required": true, "description": "a service name from the agent''s configuration"}, "dry_run": {"type": "bool"}}',
   'Stop a configured service'),
  ('HEALING', 'START_SERVICE',
   '{"host": {"type": "string", "required": true}, "service": {"type": "string", "required": true, "description": "a service name from the agent''s configuration"}, "dry_run": {"type": "bool"}}',
   'Start a configured service'),
  ('HEALING', 'CLEAN_DISK',
   '{"host": {"type": "string", "required": true}, "path": {"type": "string", "required": true, "description": "one of the agent''s configured cleanup paths"}, "older_than_days": {"type": "int", "description": "default: the agent''s configuration"}, "dry_run": {"type": "bool"}}',
   'Delete files older than N days under a configured log/cache/temp path'),
  ('HEALING', 'VACUUM_ANALYZE',
   '{"host": {"type": "string", "required": true}, "dry_run": {"type": "bool"}}',
   'VACUUM ANALYZE the database the agent is configured for (psql)'),
  ('HEALING', 'THROTTLE_GPU',
   '{"host": {"type": "string", "required": true}, "gpu": {"type": "int", "required": true}, "power_limit_w": {"type": "number", "required": true}, "dry_run": {"type": "bool"}}',
   'Lower a GPU''s power limit (nvidia-smi -i <gpu> -pl <w>)'),
  ('HEALING', 'RESET_GPU',
   '{"host": {"type": "string", "required": true}, "gpu": {"type": "int", "required": true}, "dry_run": {"type": "bool"}}',
   'Reset a GPU (nvidia-smi -i <gpu> -r); only where the agent''s configuration allows it'),
  ('HEALING', 'REBOOT',
   '{"host": {"type": "string", "required": true}, "dry_run": {"type": "bool"}}',
   'Reboot the host; only where enabled and after every safety check (GET /api/v1/health/reboot-check)')
ON CONFLICT (system, action) DO NOTHING;

-- ---------------------------------------------------------------------------------------------
-- health_events: one OPEN detection per (host, kind, subject). `metric` names the subject
-- (e.g. service.n8n, gpu.0.temperature_c, disk./var) so several GPUs, disks or services of one
-- host each have their own detection; evaluation updates the open row while the condition
-- persists and resolves it when it clears. post_reboot_validation rows are records, stored
-- already resolved.
-- ---------------------------------------------------------------------------------------------

ALTER TABLE health_events ADD COLUMN last_seen_at timestamptz;
COMMENT ON COLUMN health_events.last_seen_at IS 'Last evaluation that still saw the condition (occurred_at = when it was first seen).';
CREATE UNIQUE INDEX health_events_one_open_idx ON health_events (host, kind, coalesce(metric, '')) WHERE resolved_at IS NULL;
ALTER TABLE health_events ADD CONSTRAINT health_events_resolved_check CHECK (resolved_at IS NULL OR resolved_at >= occurred_at);

-- ---------------------------------------------------------------------------------------------
-- healing_actions: the params the action was (or would have been) queued with, also for
-- skipped rows that have no command.
-- ---------------------------------------------------------------------------------------------

ALTER TABLE healing_actions ADD COLUMN params jsonb NOT NULL DEFAULT '{}';
ALTER TABLE healing_actions ADD CONSTRAINT healing_actions_params_object CHECK (jsonb_typeof(params) = 'object');
COMMENT ON COLUMN healing_actions.params IS 'The HEALING command params (host, service, path, gpu, …).';
COMMENT ON COLUMN healing_actions.outcome IS
  'skipped: why, as "<code>: <detail>" (disabled, not_allowed, not_configured, not_possible, not_whitelisted, cooldown, in_progress, max_attempts, host_rate_limit, global_rate_limit, dry_run, safety_check); finished: completed, dry_run or failed.';
-- Lists and the console filter by status (pending/failed) over time.
CREATE INDEX healing_actions_status_idx ON healing_actions (status, requested_at DESC);
