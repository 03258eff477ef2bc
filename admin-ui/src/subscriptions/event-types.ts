// The event types Chronos emits (admin-api emitEvent calls), offered in the subscription form.
// A subscription may also name a family (`event.*`) or everything (`*`); other values can be
// typed in, and the API checks their syntax.
export const KNOWN_EVENT_TYPES = [
  '*',
  'event.*',
  'event.created',
  'event.updated',
  'event.deleted',
  'event.completed',
  'event.reminder',
  'command.*',
  'command.created',
  'command.pending',
  'command.processing',
  'command.completed',
  'command.failed',
  'backup.*',
  'backup.completed',
  'backup.failed',
  'health.*',
  'health.alert',
  'health.resolved',
  'security.incident',
  'telegram.message',
] as const;

export const EVENT_TYPE_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?)$/;

/** Choices for the picker: the known types plus any the record already has. */
export function eventTypeChoices(current: readonly string[] | undefined): { id: string; name: string }[] {
  const all = new Set<string>([...KNOWN_EVENT_TYPES, ...(current ?? [])]);
  return [...all].map((id) => ({ id, name: id }));
}
