import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { idParameter, requiredText } from '../../shared/parameters';
import { toApiInstant } from '../../shared/time';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation } from '../../shared/types';
import { modeOptions, modeToApi, optionalEventFields, optionalFieldsToApi } from './fields';

const show = { resource: ['event'], operation: ['update'] };

export const updateDescription: INodeProperties[] = [
	idParameter('id', 'Event ID', show, 'The ID (UUID) of the event to update'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'The fields to change; all others keep their current values',
		displayOptions: { show },
		options: (
			[
				{
					displayName: 'Calendar ID',
					name: 'calendarId',
					type: 'string',
					default: '',
					placeholder: 'e.g. work',
					description: 'Move the event to this calendar',
				},
				{
					displayName: 'End',
					name: 'endAt',
					type: 'dateTime',
					default: '',
				},
				{
					displayName: 'Mode',
					name: 'mode',
					type: 'options',
					options: modeOptions,
					default: 'calendarDefault',
				},
				{
					displayName: 'Start',
					name: 'startAt',
					type: 'dateTime',
					default: '',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Scheduled', value: 'scheduled' },
						{ name: 'Completed', value: 'completed' },
						{ name: 'Cancelled', value: 'cancelled' },
					],
					default: 'scheduled',
				},
				{
					displayName: 'Title',
					name: 'title',
					type: 'string',
					default: '',
				},
				...optionalEventFields,
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

/**
 * The API replaces whole records (PUT), so the event is read first and the chosen fields
 * are laid over it; read-only fields in what is sent back are ignored by the API.
 */
export const update: Operation = {
	async run(itemIndex) {
		const id = requiredText.call(this, 'id', itemIndex);
		const path = `/api/v1/events/${segment(id)}`;
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const changes: IDataObject = optionalFieldsToApi.call(this, fields, itemIndex);
		if (fields.calendarId) changes.calendar_id = String(fields.calendarId).trim();
		if (fields.title !== undefined) changes.title = fields.title;
		if (fields.status !== undefined) changes.status = fields.status;
		if (fields.mode !== undefined) changes.mode = modeToApi(fields.mode);
		if (fields.startAt)
			changes.start_at = toApiInstant.call(this, 'startAt', fields.startAt, itemIndex);
		if (fields.endAt) changes.end_at = toApiInstant.call(this, 'endAt', fields.endAt, itemIndex);

		const current = (await chronosRequest.call(this, { method: 'GET', path, itemIndex })).body;
		const body = { ...current, ...changes };
		return (await chronosRequest.call(this, { method: 'PUT', path, body, itemIndex })).body;
	},
};
