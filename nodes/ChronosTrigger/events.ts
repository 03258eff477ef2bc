import type { INodePropertyOptions } from 'n8n-workflow';

/** The event types Chronos emits (docs/n8n-nodes.md), as the trigger offers them. */
export const EVENT_TYPES: INodePropertyOptions[] = [
	{ name: 'Backup Completed', value: 'backup.completed' },
	{ name: 'Backup Failed', value: 'backup.failed' },
	{ name: 'Command Completed', value: 'command.completed' },
	{ name: 'Command Created', value: 'command.created' },
	{ name: 'Command Failed', value: 'command.failed' },
	{ name: 'Command Processing', value: 'command.processing' },
	{ name: 'Event Completed', value: 'event.completed' },
	{ name: 'Event Created', value: 'event.created' },
	{ name: 'Event Deleted', value: 'event.deleted' },
	{ name: 'Event Reminder', value: 'event.reminder' },
	{ name: 'Event Updated', value: 'event.updated' },
	{ name: 'Health Alert', value: 'health.alert' },
	{ name: 'Health Resolved', value: 'health.resolved' },
	{ name: 'Ingest Received', value: 'ingest.received' },
	{ name: 'Outbox Dead', value: 'outbox.dead' },
	{ name: 'Security Incident', value: 'security.incident' },
	{ name: 'Telegram Message', value: 'telegram.message' },
];
