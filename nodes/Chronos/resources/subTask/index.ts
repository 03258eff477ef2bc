// An event's checklist: add, list, tick/untick, reorder and delete sub-tasks. Every change
// answers with the sub-task(s) and the event's progress ({ done, total, all_done }).
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import {
	commaList,
	firstOf,
	idParameter,
	pagingOf,
	requiredText,
	returnAllAndLimit,
	withoutEmpty,
} from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation, ResourceModule } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['subTask'], operation });

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subTask'] } },
		options: [
			{ name: 'Add', value: 'add', action: 'Add a sub task to an event' },
			{ name: 'Delete', value: 'delete', action: 'Delete a sub task' },
			{ name: 'Get Many', value: 'getAll', action: 'Get the sub tasks of an event' },
			{
				name: 'Reorder',
				value: 'reorder',
				action: 'Reorder the sub tasks of an event',
				description: 'Give the complete new order of the checklist',
			},
			{ name: 'Tick', value: 'tick', action: 'Mark a sub task done' },
			{ name: 'Untick', value: 'untick', action: 'Mark a sub task not done' },
		],
		default: 'add',
	},
	idParameter(
		'eventId',
		'Event ID',
		showFor('add', 'getAll', 'tick', 'untick', 'reorder', 'delete'),
		'The ID (UUID) of the event the checklist belongs to',
	),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Book the room',
		displayOptions: { show: showFor('add') },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFor('add') },
		options: [
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{
				displayName: 'Position',
				name: 'position',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'0-based place to insert at (the ones from there on move down). Not set: appended.',
			},
		],
	},
	idParameter(
		'subTaskId',
		'Sub-Task ID',
		showFor('tick', 'untick', 'delete'),
		'The ID (UUID) of the sub-task',
	),
	{
		displayName: 'Sub-Task IDs',
		name: 'subTaskIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 9b2c…, 41d0…, 07aa…',
		description:
			"The event's sub-task IDs in their new order, comma-separated: each of them exactly once",
		displayOptions: { show: showFor('reorder') },
	},
	...returnAllAndLimit(showFor('getAll')),
];

const subTasksPath = (eventId: string) => `/api/v1/events/${segment(eventId)}/sub-tasks`;

/** tick / untick / delete: one call on one sub-task. */
const onSubTask = (method: 'POST' | 'DELETE', action?: 'tick' | 'untick'): Operation => ({
	async run(itemIndex) {
		const eventId = requiredText.call(this, 'eventId', itemIndex);
		const subTaskId = requiredText.call(this, 'subTaskId', itemIndex);
		const path = `${subTasksPath(eventId)}/${segment(subTaskId)}${action ? `/${action}` : ''}`;
		return (await chronosRequest.call(this, { method, path, itemIndex })).body;
	},
});

export const subTask: ResourceModule = {
	description,
	operations: {
		add: {
			async run(itemIndex) {
				const eventId = requiredText.call(this, 'eventId', itemIndex);
				const additional = withoutEmpty(
					this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
				);
				const body: IDataObject = { text: this.getNodeParameter('text', itemIndex), ...additional };
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: subTasksPath(eventId),
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
					path: subTasksPath(eventId),
					itemIndex,
				});
				const list = (Array.isArray(body) ? body : []) as IDataObject[];
				return firstOf(list, pagingOf.call(this, itemIndex));
			},
		},
		tick: onSubTask('POST', 'tick'),
		untick: onSubTask('POST', 'untick'),
		delete: onSubTask('DELETE'),
		reorder: {
			// Two items reordering the same checklist at once would race; one at a time.
			sequential: true,
			async run(itemIndex) {
				const eventId = requiredText.call(this, 'eventId', itemIndex);
				const ids = commaList(this.getNodeParameter('subTaskIds', itemIndex, ''));
				const path = `${subTasksPath(eventId)}/reorder`;
				return (await chronosRequest.call(this, { method: 'POST', path, body: { ids }, itemIndex }))
					.body;
			},
		},
	},
};
