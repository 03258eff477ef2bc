import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { idParameter, requiredText } from '../../shared/parameters';
import { toApiInstant } from '../../shared/time';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation } from '../../shared/types';

const show = { resource: ['event'], operation: ['reschedule'] };

export const rescheduleDescription: INodeProperties[] = [
	idParameter('id', 'Event ID', show, 'The ID (UUID) of the event to move'),
	{
		displayName: 'Target',
		name: 'target',
		type: 'options',
		options: [
			{
				name: 'Next Free Slot',
				value: 'nextFree',
				description: 'The earliest slot where all attendees are free (same duration)',
			},
			{
				name: 'Given Start',
				value: 'startAt',
				description: 'A start you choose, e.g. a suggestion',
			},
		],
		default: 'nextFree',
		description: 'Where to move the event; its duration stays the same',
		displayOptions: { show },
	},
	{
		displayName: 'Start',
		name: 'startAt',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The new start, e.g. the start_at of a suggested slot',
		displayOptions: { show: { ...show, target: ['startAt'] } },
	},
];

export const reschedule: Operation = {
	async run(itemIndex) {
		const id = requiredText.call(this, 'id', itemIndex);
		const target = this.getNodeParameter('target', itemIndex, 'nextFree') as string;
		const body: IDataObject =
			target === 'startAt'
				? {
						start_at: toApiInstant.call(
							this,
							'startAt',
							this.getNodeParameter('startAt', itemIndex),
							itemIndex,
						),
					}
				: { next_free: true };
		const path = `/api/v1/events/${segment(id)}/reschedule`;
		return (await chronosRequest.call(this, { method: 'POST', path, body, itemIndex })).body;
	},
};
