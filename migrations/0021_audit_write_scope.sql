-- 0021 — scope audit.write: a workflow (n8n's Chronos node, "audit: write") may append its own
-- records to the hash-chained audit log through POST /api/v1/audit, and nothing else. The API
-- stores such records with the action prefixed `workflow.` and the key as actor, so they can
-- never pass for records the system writes. Keep in step with admin-api/src/modules/api-keys/scopes.ts.

ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (
  array_position(scopes, NULL) IS NULL AND
  scopes <@ ARRAY[
    'events.read', 'events.write', 'commands.manage', 'admin',
    'templates.read', 'templates.write', 'whitelists.manage', 'workflows.manage',
    'backups.manage', 'integrations.manage', 'health.report', 'health.manage', 'audit.write'
  ]::text[]
);
