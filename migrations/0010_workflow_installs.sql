-- 0010 — what the workflow import tooling installed into n8n.

CREATE TABLE workflow_installs (
  workflow_id    text PRIMARY KEY,
  name           text NOT NULL,
  version        integer NOT NULL,
  content_hash   text NOT NULL,
  file_name      text,
  n8n_updated_at timestamptz,
  installed_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workflow_installs_workflow_id_check CHECK (char_length(workflow_id) BETWEEN 1 AND 64),
  CONSTRAINT workflow_installs_version_check CHECK (version >= 1),
  CONSTRAINT workflow_installs_content_hash_format CHECK (content_hash ~ '^[0-9a-f]{64}$')
);
COMMENT ON TABLE workflow_installs IS
  'Per n8n workflow id: the version and content hash of the workflows/*.json file last installed, and n8n''s updatedAt right after installing. If n8n''s updatedAt is later, someone edited the workflow in n8n: the importer must not overwrite it silently.';
COMMENT ON COLUMN workflow_installs.content_hash IS 'SHA-256 (lower-case hex) of the installed workflow file''s canonical content.';
