/** The API key scopes of SPEC 3.5. `admin` implies every other scope. */
export const SCOPES = [
  'events.read',
  'events.write',
  'commands.manage',
  'admin',
  'templates.read',
  'templates.write',
  'whitelists.manage',
  'workflows.manage',
  'backups.manage',
  'integrations.manage',
  // Chronos agents push samples and read reboot checks; operators and n8n evaluate and heal.
  'health.report',
  'health.manage',
  // Workflows append their own records to the audit log (POST /api/v1/audit), nothing more.
  'audit.write',
] as const;

export type Scope = (typeof SCOPES)[number];
