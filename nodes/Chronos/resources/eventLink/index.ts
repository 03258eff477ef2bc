// Links between events (related, depends_on, follows, replaces). An event's links are listed
// in both directions: `direction` says whether it is the source (outgoing) or the target.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import {
	firstOf,
	idParameter,
	pagingOf,
	requiredText,
	returnAllAndLimit,
} from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['eventLink'], operation });

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['eventLink'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Link two events' },
			{ name: 'Delete', value: 'delete', action: 'Delete a link of an event' },
			{ name: 'Get Many', value: 'getAll', action: 'Get the links of an event' },
		],
		default: 'create',
	},
	idParameter(
		'eventId',
		'Event ID',
		showFor('create', 'getAll', 'delete'),
		'The ID (UUID) of the event; on create it is the source of the link',
	),
	idParameter(
		'targetEventId',
		'Target Event ID',
		showFor('create'),
		'The ID (UUID) of the event to link to',
	),
	{
		displayName: 'Link Type',
		name: 'linkType',
		type: 'options',
		options: [
			{ name: 'Related', value: 'related' },
			{ name: 'Depends On', value: 'depends_on', description: 'This event depends on the target' },
			{ name: 'Follows', value: 'follows', description: 'This event follows the target' },
			{ name: 'Replaces', value: 'replaces', description: 'This event replaces the target' },
		],
		default: 'related',
		displayOptions: { show: showFor('create') },
	},
	idParameter(
		'linkId',
		'Link ID',
		showFor('delete'),
		'The ID (UUID) of the link (either direction)',
	),
	...returnAllAndLimit(showFor('getAll')),
];

const linksPath = (eventId: string) => `/api/v1/events/${segment(eventId)}/links`;

export const eventLink: ResourceModule = {
	description,
	operations: {
		create: {
			async run(itemIndex) {
				const eventId = requiredText.call(this, 'eventId', itemIndex);
				const body: IDataObject = {
					target_event_id: requiredText.call(this, 'targetEventId', itemIndex),
					link_type: this.getNodeParameter('linkType', itemIndex, 'related'),
				};
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: linksPath(eventId),
						body,
						itemIndex,
					})
				).body;
			},
		},
		getAll: {
			async run(itemIndex) {
				const eventId = requiredText.call(this, 'eventId', itemIndex);
				const { body } = await chronosRequest.call(this, {
					method: 'GET',
					path: linksPath(eventId),
					itemIndex,
				});
				return firstOf(
					(Array.isArray(body) ? body : []) as IDataObject[],
					pagingOf.call(this, itemIndex),
				);
			},
		},
		delete: {
			async run(itemIndex) {
				const eventId = requiredText.call(this, 'eventId', itemIndex);
				const path = `${linksPath(eventId)}/${segment(requiredText.call(this, 'linkId', itemIndex))}`;
				return (await chronosRequest.call(this, { method: 'DELETE', path, itemIndex })).body;
			},
		},
	},
};
