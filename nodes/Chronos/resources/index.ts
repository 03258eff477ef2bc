// The resources of the Chronos node, in the order the editor lists them. Each folder holds
// one resource: its parameters (description) and its operations.
import type { ResourceModule } from '../shared/types';
import { audit } from './audit';
import { backup } from './backup';
import { command } from './command';
import { event } from './event';
import { eventLink } from './eventLink';
import { health } from './health';
import { ingest } from './ingest';
import { mail } from './mail';
import { note } from './note';
import { scheduling } from './scheduling';
import { subTask } from './subTask';
import { system } from './system';
import { telegram } from './telegram';
import { template } from './template';
import { whitelist } from './whitelist';

export const resources: Record<string, { name: string; module: ResourceModule }> = {
	event: { name: 'Event', module: event },
	subTask: { name: 'Sub-Task', module: subTask },
	eventLink: { name: 'Event Link', module: eventLink },
	scheduling: { name: 'Scheduling', module: scheduling },
	note: { name: 'Note', module: note },
	command: { name: 'Command', module: command },
	template: { name: 'Template', module: template },
	whitelist: { name: 'Whitelist', module: whitelist },
	mail: { name: 'Mail', module: mail },
	telegram: { name: 'Telegram', module: telegram },
	backup: { name: 'Backup', module: backup },
	health: { name: 'Health', module: health },
	audit: { name: 'Audit', module: audit },
	ingest: { name: 'Ingest', module: ingest },
	system: { name: 'System', module: system },
};
