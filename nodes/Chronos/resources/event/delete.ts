import type { INodeProperties } from 'n8n-workflow';
import { idParameter, requiredText } from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation } from '../../shared/types';

export const deleteDescription: INodeProperties[] = [
	idParameter(
		'id',
		'Event ID',
		{ resource: ['event'], operation: ['delete'] },
		'The ID (UUID) of the event to delete; its sub-tasks and links go with it',
	),
];

export const deleteEvent: Operation = {
	async run(itemIndex) {
		const id = requiredText.call(this, 'id', itemIndex);
		const path = `/api/v1/events/${segment(id)}`;
		return (await chronosRequest.call(this, { method: 'DELETE', path, itemIndex })).body;
	},
};
