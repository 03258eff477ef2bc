-- 0008 — operations: backups and restores, health samples and detections, healing actions,
-- service failures.

-- ---------------------------------------------------------------------------------------------
-- backups
-- ---------------------------------------------------------------------------------------------

CREATE TABLE backups (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status         text NOT NULL DEFAULT 'running',
  kind           text NOT NULL DEFAULT 'manual',
  target         text NOT NULL,
  location       text,
  object_key     text,
  size_bytes     bigint,
  sha256         text,
  duration_ms    integer,
  metadata       jsonb NOT NULL DEFAULT '{}',
  schema_version integer,
  phase          text,
  progress       smallint,
  heartbeat_at   timestamptz,
  requested_by   text,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz,
  error          text,
  verified_at    timestamptz,
  verify_status  text,
  verify_error   text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT backups_status_check CHECK (status IN ('running', 'completed', 'failed', 'deleted')),
  CONSTRAINT backups_kind_check CHECK (kind IN ('manual', 'daily', 'weekly', 'monthly')),
  CONSTRAINT backups_target_check CHECK (target IN ('s3', 'folder')),
  CONSTRAINT backups_size_check CHECK (size_bytes IS NULL OR size_bytes >= 0),
  CONSTRAINT backups_sha256_format CHECK (sha256 IS NULL OR sha256 ~ '^[0-9a-f]{64}$'),
  CONSTRAINT backups_duration_check CHECK (duration_ms IS NULL OR duration_ms >= 0),
  CONSTRAINT backups_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
  CONSTRAINT backups_progress_range CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
  CONSTRAINT backups_verify_status_check CHECK (verify_status IS NULL OR verify_status IN ('ok', 'mismatch', 'missing', 'error')),
  CONSTRAINT backups_completed_complete CHECK (
    status <> 'completed' OR (location IS NOT NULL AND object_key IS NOT NULL AND size_bytes IS NOT NULL AND sha256 IS NOT NULL AND finished_at IS NOT NULL)
  ),
  CONSTRAINT backups_finished_check CHECK (finished_at IS NULL OR finished_at >= started_at)
);
COMMENT ON TABLE backups IS
  'Backup archives (pg_dump + n8n + workflows + settings/templates, with backup_metadata.json). status deleted = the archive was removed (retention); the row stays as history.';
COMMENT ON COLUMN backups.location IS 'target s3: the bucket; target folder: the backup folder''s absolute path.';
COMMENT ON COLUMN backups.object_key IS 'target s3: the object key; target folder: the file name inside location.';
COMMENT ON COLUMN backups.sha256 IS 'SHA-256 of the archive, lower-case hex.';
COMMENT ON COLUMN backups.metadata IS 'The archive''s backup_metadata.json (version, time, sizes, per-file SHA-256).';
COMMENT ON COLUMN backups.schema_version IS 'schema_migrations version of the dumped database: a restore needs code that knows it.';
COMMENT ON COLUMN backups.phase IS 'Progress while running: e.g. dump_chronos, dump_n8n, export_workflows, archive, upload, verify.';
COMMENT ON COLUMN backups.heartbeat_at IS 'Updated with progress; a running backup whose heartbeat is old is stale (its process died) and must be marked failed before a new backup can start.';
-- At most one backup runs at a time (two pg_dumps would only compete); also the "no backup
-- running" safety check before a reboot.
CREATE UNIQUE INDEX backups_one_running_idx ON backups ((true)) WHERE status = 'running';
CREATE INDEX backups_started_at_idx ON backups (started_at DESC);
CREATE INDEX backups_retention_idx ON backups (kind, started_at DESC) WHERE status = 'completed';

CREATE TRIGGER backups_set_updated_at BEFORE UPDATE ON backups
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE backup_restores (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  backup_id    uuid REFERENCES backups (id) ON DELETE SET NULL,
  mode         text NOT NULL,
  status       text NOT NULL DEFAULT 'running',
  target_database text,
  requested_by text,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  error        text,
  details      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT backup_restores_mode_check CHECK (mode IN ('check', 'live')),
  CONSTRAINT backup_restores_status_check CHECK (status IN ('running', 'completed', 'failed')),
  CONSTRAINT backup_restores_details_object CHECK (jsonb_typeof(details) = 'object')
);
COMMENT ON TABLE backup_restores IS
  'Restores: mode check = into a scratch database with an integrity check (details: table counts, audit_verify result, checksum results); mode live = over the live database after explicit confirmation (recorded in the restored database afterwards).';
CREATE INDEX backup_restores_backup_idx ON backup_restores (backup_id, started_at DESC);

CREATE TRIGGER backup_restores_set_updated_at BEFORE UPDATE ON backup_restores
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- health
-- ---------------------------------------------------------------------------------------------

CREATE TABLE health_samples (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  host        text NOT NULL,
  taken_at    timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  metrics     jsonb NOT NULL,
  CONSTRAINT health_samples_host_format CHECK (host ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}$'),
  CONSTRAINT health_samples_metrics_object CHECK (jsonb_typeof(metrics) = 'object')
);
COMMENT ON TABLE health_samples IS
  'Metric samples pushed by the Chronos agent (cpu, memory, disks, gpus with utilisation/memory/temperature/throttle reasons/xid, services). Unknown GPU figures are JSON null, never 0. Unique per (host, taken_at): an agent re-sending after a timeout inserts with ON CONFLICT DO NOTHING. Prune by taken_at.';
CREATE UNIQUE INDEX health_samples_host_taken_at_idx ON health_samples (host, taken_at DESC);
CREATE INDEX health_samples_taken_at_brin ON health_samples USING brin (taken_at);

CREATE TABLE health_events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  host        text NOT NULL,
  kind        text NOT NULL,
  severity    text NOT NULL,
  metric      text,
  value       double precision,
  threshold   double precision,
  details     jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  CONSTRAINT health_events_kind_format CHECK (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  CONSTRAINT health_events_severity_check CHECK (severity IN ('info', 'warning', 'critical')),
  CONSTRAINT health_events_details_object CHECK (jsonb_typeof(details) = 'object')
);
COMMENT ON TABLE health_events IS
  'Detections (kind e.g. cpu_overload, memory_overload, gpu_overload, gpu_memory_pressure, gpu_hang, gpu_temperature, disk_low, service_down, post_reboot_validation): what was measured (metric, value) against which threshold.';
CREATE INDEX health_events_host_idx ON health_events (host, occurred_at DESC);
CREATE INDEX health_events_kind_idx ON health_events (kind, occurred_at DESC);
CREATE INDEX health_events_occurred_at_idx ON health_events (occurred_at DESC);
CREATE INDEX health_events_open_idx ON health_events (host, kind) WHERE resolved_at IS NULL;

CREATE TABLE healing_actions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  host            text NOT NULL,
  action          text NOT NULL,
  target          text,
  reason          text,
  health_event_id uuid REFERENCES health_events (id) ON DELETE SET NULL,
  command_id      uuid REFERENCES commands (id) ON DELETE SET NULL,
  status          text NOT NULL DEFAULT 'pending',
  dry_run         boolean NOT NULL DEFAULT false,
  outcome         text,
  output          text,
  requested_by    text,
  requested_at    timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT healing_actions_action_format CHECK (action ~ '^[A-Z][A-Z0-9_]*$' AND char_length(action) <= 64),
  CONSTRAINT healing_actions_status_check CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  CONSTRAINT healing_actions_output_length CHECK (char_length(output) <= 65536)
);
COMMENT ON TABLE healing_actions IS
  'Every healing decision and its result. action is a whitelisted HEALING command (RESTART_SERVICE, STOP_SERVICE, CLEAN_DISK, THROTTLE_GPU, REBOOT, …) executed by the agent via command_id; status skipped = refused by cooldown, rate limit or safety check (outcome says which). Cooldowns and "at most N per hour" are queries over (host, action, requested_at).';
CREATE INDEX healing_actions_host_action_idx ON healing_actions (host, action, requested_at DESC);
CREATE INDEX healing_actions_requested_at_idx ON healing_actions (requested_at DESC);
CREATE INDEX healing_actions_command_idx ON healing_actions (command_id) WHERE command_id IS NOT NULL;
CREATE INDEX healing_actions_health_event_idx ON healing_actions (health_event_id) WHERE health_event_id IS NOT NULL;

CREATE TRIGGER healing_actions_set_updated_at BEFORE UPDATE ON healing_actions
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE service_failures (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  host      text NOT NULL,
  service   text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  details   jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT service_failures_details_object CHECK (jsonb_typeof(details) = 'object')
);
COMMENT ON TABLE service_failures IS
  'Each observed failure of a service, for "restart after 3 failures within 10 minutes": count rows per (host, service) with failed_at in the window.';
CREATE INDEX service_failures_lookup_idx ON service_failures (host, service, failed_at DESC);
CREATE INDEX service_failures_failed_at_idx ON service_failures (failed_at);
