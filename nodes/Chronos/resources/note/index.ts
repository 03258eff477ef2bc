// Notes: free text with tags, optionally tied to an event (full-text search in getAll).
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import {
	commaList,
	idParameter,
	pagingOf,
	requiredText,
	returnAllAndLimit,
	withoutEmpty,
} from '../../shared/parameters';
import { listRecords } from '../../shared/paginate';
import { toApiInstant } from '../../shared/time';
import { chronosRequest, segment } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';
import { noteFields, noteFieldsToApi } from './fields';

const showFor = (...operation: string[]) => ({ resource: ['note'], operation });
const notePath = (id: string) => `/api/v1/notes/${segment(id)}`;

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a note' },
			{ name: 'Delete', value: 'delete', action: 'Delete a note' },
			{ name: 'Get', value: 'get', action: 'Get a note' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many notes' },
			{ name: 'Update', value: 'update', action: 'Update a note' },
		],
		default: 'create',
	},
	idParameter('id', 'Note ID', showFor('get', 'update', 'delete'), 'The ID (UUID) of the note'),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: { show: showFor('create') },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFor('create') },
		options: noteFields,
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'The fields to change; all others keep their current values',
		displayOptions: { show: showFor('update') },
		options: [
			...noteFields,
			{ displayName: 'Text', name: 'text', type: 'string', typeOptions: { rows: 4 }, default: '' },
		],
	},
	...returnAllAndLimit(showFor('getAll')),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: showFor('getAll') },
		options: [
			{
				displayName: 'Created From',
				name: 'created_from',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Created To',
				name: 'created_to',
				type: 'dateTime',
				default: '',
				description: 'Only notes created before this time',
			},
			{
				displayName: 'Event ID',
				name: 'event_id',
				type: 'string',
				default: '',
				description: 'Only notes of this event',
			},
			{
				displayName: 'Search',
				name: 'q',
				type: 'string',
				default: '',
				description: 'Full text (English and German) or any part of the text',
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'string',
				default: '',
				placeholder: 'e.g. telegram',
				description: 'Only notes from this source (comma-separated: any of them)',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				description: 'Only notes carrying all of these tags, comma-separated',
			},
		],
	},
];

export const note: ResourceModule = {
	description,
	operations: {
		create: {
			async run(itemIndex) {
				const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
				const body = noteFieldsToApi({
					...additional,
					text: this.getNodeParameter('text', itemIndex),
				});
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/notes',
						body,
						itemIndex,
					})
				).body;
			},
		},
		get: {
			async run(itemIndex) {
				const path = notePath(requiredText.call(this, 'id', itemIndex));
				return (await chronosRequest.call(this, { method: 'GET', path, itemIndex })).body;
			},
		},
		getAll: {
			async run(itemIndex) {
				const filters = withoutEmpty(
					this.getNodeParameter('filters', itemIndex, {}) as IDataObject,
				);
				const filter: IDataObject = { ...filters };
				if (filters.tags) filter.tags = commaList(filters.tags);
				if (filters.source) filter.source = commaList(filters.source);
				for (const name of ['created_from', 'created_to']) {
					if (filters[name]) filter[name] = toApiInstant.call(this, name, filters[name], itemIndex);
				}
				return await listRecords.call(this, {
					path: '/api/v1/notes',
					filter,
					sort: ['created_at', 'DESC'],
					...pagingOf.call(this, itemIndex),
					itemIndex,
				});
			},
		},
		update: {
			// PUT replaces the note: read it, lay the changed fields over it, send it back.
			async run(itemIndex) {
				const path = notePath(requiredText.call(this, 'id', itemIndex));
				const changes = noteFieldsToApi(
					this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
				);
				const current = (await chronosRequest.call(this, { method: 'GET', path, itemIndex })).body;
				const body = { ...current, ...changes };
				return (await chronosRequest.call(this, { method: 'PUT', path, body, itemIndex })).body;
			},
		},
		delete: {
			async run(itemIndex) {
				const path = notePath(requiredText.call(this, 'id', itemIndex));
				return (await chronosRequest.call(this, { method: 'DELETE', path, itemIndex })).body;
			},
		},
	},
};
