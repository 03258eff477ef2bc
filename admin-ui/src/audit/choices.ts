// The actor types the audit log knows (the API's actor_type filter enum).
export const ACTOR_TYPE_CHOICES = ['user', 'api_key', 'system', 'telegram', 'webhook', 'ingest', 'anonymous'].map(
  (id) => ({ id, name: `resources.audit.actor_types.${id}` }),
);
