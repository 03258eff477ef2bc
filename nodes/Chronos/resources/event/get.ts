import type { INodeProperties } from 'n8n-workflow';
import { idParameter, requiredText } from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation } from '../../shared/types';

export const getDescription: INodeProperties[] = [
	idParameter(
		'id',
		'Event ID',
		{ resource: ['event'], operation: ['get'] },
		'The ID (UUID) of the event',
	),
];

export const get: Operation = {
	async run(itemIndex) {
		const id = requiredText.call(this, 'id', itemIndex);
		return (
			await chronosRequest.call(this, {
				method: 'GET',
				path: `/api/v1/events/${segment(id)}`,
				itemIndex,
			})
		).body;
	},
};
