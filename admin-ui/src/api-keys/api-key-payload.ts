// What the API key form sends: the API takes `expires_at` as an instant with a zone, while the
// browser's datetime-local input yields local wall time ("2030-01-31T17:00") or '' when
// cleared; an empty description is stored as null. Everything else the record carries
// (status, prefix, usage) is read only and left out.

export const API_KEY_SCOPES = [
  'events.read',
  'events.write',
  'commands.manage',
  'templates.read',
  'templates.write',
  'whitelists.manage',
  'workflows.manage',
  'backups.manage',
  'integrations.manage',
  'health.report',
  'health.manage',
  'audit.write',
  'admin',
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** i18n keys cannot contain dots, so `events.read` is labelled under `scopes.events_read`. */
export const scopeLabelKey = (scope: string) => `resources.api-keys.scopes.${scope.replace(/\./g, '_')}`;

export type ApiKeyFormValues = {
  name?: string;
  description?: string | null;
  scopes?: string[];
  level?: string;
  expires_at?: string | Date | null;
};

export type ApiKeyPayload = {
  name: string;
  description: string | null;
  scopes: string[];
  expires_at: string | null;
  level?: string;
};

/** A datetime-local value or ISO string as an ISO instant; null for empty; unparsable text is passed on for the API to reject. */
export function toInstant(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

export function toApiKeyPayload(values: ApiKeyFormValues, { withLevel = false } = {}): ApiKeyPayload {
  const description = values.description?.trim();
  return {
    name: (values.name ?? '').trim(),
    description: description ? description : null,
    scopes: values.scopes ?? [],
    expires_at: toInstant(values.expires_at),
    ...(withLevel && values.level ? { level: values.level } : {}),
  };
}
