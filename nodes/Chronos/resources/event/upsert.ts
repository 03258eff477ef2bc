import type { INodeProperties } from 'n8n-workflow';
import { requiredText } from '../../shared/parameters';
import type { Operation } from '../../shared/types';
import { writeEvent } from './conflict';
import { eventBodyOf, eventWriteFields } from './fields';

const show = { resource: ['event'], operation: ['upsert'] };

export const upsertDescription: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		required: true,
		default: 'n8n',
		placeholder: 'e.g. google:work',
		description:
			'Where the event comes from (lower-case letters, digits and . _ : -). With the external ID it identifies the event.',
		displayOptions: { show },
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		description:
			"The event's ID in its source: the same source and external ID update the same event",
		displayOptions: { show },
	},
	...eventWriteFields(['upsert']),
];

export const upsert: Operation = {
	async run(itemIndex) {
		const body = {
			...eventBodyOf.call(this, itemIndex),
			source: requiredText.call(this, 'source', itemIndex),
			external_id: requiredText.call(this, 'externalId', itemIndex),
		};
		return await writeEvent.call(this, itemIndex, '/api/v1/events/upsert', body);
	},
};
