import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../shared/types';
import { writeEvent } from './conflict';
import { eventBodyOf, eventWriteFields } from './fields';

export const createDescription: INodeProperties[] = eventWriteFields(['create']);

export const create: Operation = {
	async run(itemIndex) {
		return await writeEvent.call(
			this,
			itemIndex,
			'/api/v1/events',
			eventBodyOf.call(this, itemIndex),
		);
	},
};
