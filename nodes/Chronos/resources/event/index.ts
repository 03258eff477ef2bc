import type { INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../shared/types';
import { create, createDescription } from './create';
import { deleteDescription, deleteEvent } from './delete';
import { get, getDescription } from './get';
import { getAll, getAllDescription } from './getAll';
import { getConflicts, getConflictsDescription } from './getConflicts';
import { reschedule, rescheduleDescription } from './reschedule';
import { update, updateDescription } from './update';
import { upsert, upsertDescription } from './upsert';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['event'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create an event',
			description:
				'Create an event; auto_plan events that collide can fail, return free slots or take the next one',
		},
		{
			name: 'Create or Update',
			value: 'upsert',
			action: 'Create or update an event',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete an event' },
		{ name: 'Get', value: 'get', action: 'Get an event' },
		{
			name: 'Get Conflicts',
			value: 'getConflicts',
			action: 'Get the conflicts of an event',
			description: "An event's current conflicts and the next free slots for it",
		},
		{ name: 'Get Many', value: 'getAll', action: 'Get many events' },
		{
			name: 'Reschedule',
			value: 'reschedule',
			action: 'Reschedule an event',
			description: 'Move an event to the next free slot or to a given start',
		},
		{ name: 'Update', value: 'update', action: 'Update an event' },
	],
	default: 'create',
};

export const event: ResourceModule = {
	description: [
		operation,
		...createDescription,
		...upsertDescription,
		...getDescription,
		...getAllDescription,
		...updateDescription,
		...rescheduleDescription,
		...deleteDescription,
		...getConflictsDescription,
	],
	operations: {
		create,
		upsert,
		get,
		getAll,
		update,
		reschedule,
		delete: deleteEvent,
		getConflicts,
	},
};
