-- 0022 — workflow_installs (0010) completed for the import tooling (`npm run workflows`,
-- scripts/lib/workflow-sync.ts): the workflow's key (file stem of workflows/<key>.json) — n8n's
-- public API refuses `meta` on writes, so the key and the repo version live here, not in n8n —,
-- what n8n held right after the import (content hash, versionId, updatedAt) to tell an edit made
-- in the editor from our own import, and who imported when. One row per key and per n8n id.

ALTER TABLE workflow_installs RENAME COLUMN installed_at TO imported_at;
ALTER TABLE workflow_installs RENAME CONSTRAINT workflow_installs_content_hash_format TO workflow_installs_content_hash_check;

ALTER TABLE workflow_installs ADD COLUMN workflow_key text;
-- 0010 had no writer; should a row exist anyway, its key is its file's stem (or its id).
UPDATE workflow_installs SET workflow_key = coalesce(substring(file_name FROM '^(?:.*/)?([^/]+?)(?:\.json)?$'), workflow_id);
ALTER TABLE workflow_installs ALTER COLUMN workflow_key SET NOT NULL;
ALTER TABLE workflow_installs ADD CONSTRAINT workflow_installs_workflow_key_check
  CHECK (workflow_key ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$');
CREATE UNIQUE INDEX workflow_installs_workflow_key_idx ON workflow_installs (workflow_key);

ALTER TABLE workflow_installs ADD COLUMN n8n_content_hash text;
UPDATE workflow_installs SET n8n_content_hash = content_hash;
ALTER TABLE workflow_installs ALTER COLUMN n8n_content_hash SET NOT NULL;
ALTER TABLE workflow_installs ADD CONSTRAINT workflow_installs_n8n_content_hash_check
  CHECK (n8n_content_hash ~ '^[0-9a-f]{64}$');

ALTER TABLE workflow_installs ADD COLUMN n8n_version_id text;
ALTER TABLE workflow_installs ADD CONSTRAINT workflow_installs_n8n_version_id_check
  CHECK (char_length(n8n_version_id) BETWEEN 1 AND 64);
ALTER TABLE workflow_installs ADD COLUMN active boolean NOT NULL DEFAULT false;
ALTER TABLE workflow_installs ADD COLUMN imported_by text NOT NULL DEFAULT 'unknown';
ALTER TABLE workflow_installs ADD CONSTRAINT workflow_installs_imported_by_check
  CHECK (char_length(imported_by) BETWEEN 1 AND 200);
ALTER TABLE workflow_installs ADD CONSTRAINT workflow_installs_name_check CHECK (char_length(name) BETWEEN 1 AND 300);

ALTER TABLE workflow_installs ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE workflow_installs ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE TRIGGER workflow_installs_set_updated_at BEFORE UPDATE ON workflow_installs
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE workflow_installs IS
  'Per workflows/<key>.json installed into n8n: its n8n id, repo version (meta.chronosVersion) and content hash, and what n8n held right after the import. A live workflow whose normalized hash differs from n8n_content_hash was edited in n8n: the importer reports a conflict instead of overwriting it (unless --force).';
COMMENT ON COLUMN workflow_installs.workflow_key IS 'The file stem of workflows/<key>.json (also meta.chronosKey in the file).';
COMMENT ON COLUMN workflow_installs.version IS 'meta.chronosVersion of the file last imported (or exported).';
COMMENT ON COLUMN workflow_installs.content_hash IS 'SHA-256 (lower-case hex) of the file''s normalized form (shared/workflow-format.ts) as imported.';
COMMENT ON COLUMN workflow_installs.n8n_content_hash IS 'SHA-256 of the live workflow''s normalized repo form (credential ids mapped back to the placeholders) right after the import.';
COMMENT ON COLUMN workflow_installs.n8n_version_id IS 'n8n''s versionId right after the import (informational: n8n keeps it on name/settings-only saves).';
COMMENT ON COLUMN workflow_installs.n8n_updated_at IS 'n8n''s updatedAt right after the import.';
COMMENT ON COLUMN workflow_installs.active IS 'Whether the workflow was published (active) after the import.';
COMMENT ON COLUMN workflow_installs.imported_by IS 'Who ran the import, e.g. "npm start" or "cli:<user>@<host>".';
