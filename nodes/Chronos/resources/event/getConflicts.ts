import type { INodeProperties } from 'n8n-workflow';
import { idParameter, requiredText } from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation } from '../../shared/types';

export const getConflictsDescription: INodeProperties[] = [
	idParameter(
		'id',
		'Event ID',
		{ resource: ['event'], operation: ['getConflicts'] },
		'The ID (UUID) of the event whose conflicts and next free slots to return',
	),
];

export const getConflicts: Operation = {
	async run(itemIndex) {
		const id = requiredText.call(this, 'id', itemIndex);
		const path = `/api/v1/events/${segment(id)}/conflicts`;
		return (await chronosRequest.call(this, { method: 'GET', path, itemIndex })).body;
	},
};
