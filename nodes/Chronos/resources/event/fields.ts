// The parameters create and upsert share (calendar, title, times, optional fields, planning
// mode, conflict handling) and how they become the API's event body.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { commaList, locatorValue, numberList, parseJsonParameter } from '../../shared/parameters';
import { toApiInstant } from '../../shared/time';

export type EventOperation = 'create' | 'upsert';

export const calendarLocator = (operation: EventOperation[]): INodeProperties => ({
	displayName: 'Calendar',
	name: 'calendarId',
	type: 'resourceLocator',
	default: { mode: 'list', value: 'default' },
	required: true,
	description: 'The calendar the event belongs to',
	displayOptions: { show: { resource: ['event'], operation } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchCalendars', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. work',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[a-z0-9][a-z0-9_-]{0,62}$',
						errorMessage: 'A calendar ID is lower-case letters, digits, _ and -',
					},
				},
			],
		},
	],
});

/** Optional event fields: in `additionalFields` on create/upsert, in `updateFields` on update. */
export const optionalEventFields: INodeProperties[] = [
	{
		displayName: 'All Day',
		name: 'allDay',
		type: 'boolean',
		default: false,
		description: 'Whether the event lasts whole days (start and end still give the span)',
	},
	{
		displayName: 'Attendees',
		name: 'attendees',
		type: 'string',
		default: '',
		placeholder: 'e.g. anna@example.com, ben@example.com',
		description: 'E-mail addresses, comma-separated. Conflicts are checked per attendee.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
	},
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'string',
		default: '',
		placeholder: 'e.g. meeting',
		description: 'A free-form type used by rules and templates',
	},
	{
		displayName: 'Location',
		name: 'location',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'json',
		default: '{}',
		description: 'Any JSON object stored with the event',
	},
	{
		displayName: 'Reminder Offsets',
		name: 'reminderOffsets',
		type: 'string',
		default: '',
		placeholder: 'e.g. 10, 60, 1440',
		description:
			"Minutes before the start at which reminders fire, comma-separated. Empty uses the calendar's defaults.",
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'e.g. team, planning',
		description: 'Comma-separated',
	},
];

/** The planning mode: the calendar's own, free (overlaps allowed) or auto_plan (refused on conflict). */
export const modeOptions = [
	{ name: "Calendar's Default", value: 'calendarDefault' },
	{ name: 'Free (Overlaps Allowed)', value: 'free' },
	{ name: 'Auto Plan (No Overlaps)', value: 'auto_plan' },
];

export const modeToApi = (mode: unknown): string | null =>
	mode === 'free' || mode === 'auto_plan' ? mode : null;

/** Everything create and upsert show besides the calendar and their own extras. */
export function eventWriteFields(operation: EventOperation[]): INodeProperties[] {
	const show = { resource: ['event'], operation };
	return [
		calendarLocator(operation),
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show },
		},
		{
			displayName: 'Start',
			name: 'startAt',
			type: 'dateTime',
			required: true,
			default: '',
			description:
				"When the event starts. Without an offset (e.g. from the date picker) it is read in the workflow's time zone.",
			displayOptions: { show },
		},
		{
			displayName: 'End',
			name: 'endAt',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'When the event ends (after the start)',
			displayOptions: { show },
		},
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			options: modeOptions,
			default: 'calendarDefault',
			description: 'How collisions with events of the same attendees are handled',
			displayOptions: { show },
		},
		{
			displayName: 'On Conflict',
			name: 'onConflict',
			type: 'options',
			options: [
				{
					name: 'Fail',
					value: 'fail',
					description: 'Fail the item with the API error (it lists the conflicts and free slots)',
				},
				{
					name: 'Return Suggestions',
					value: 'returnSuggestions',
					description: 'Output { conflict: true, suggestions, conflicts } instead of an event',
				},
				{
					name: 'Use Next Free Slot',
					value: 'nextFreeSlot',
					description: 'Create the event at the first suggested slot, keeping its duration',
				},
			],
			default: 'fail',
			description: 'What to do when an auto_plan event collides with other events of its attendees',
			displayOptions: { show },
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show },
			options: optionalEventFields,
		},
	];
}

/** Optional fields (as named in the node) → API body fields; only those that are set. */
export function optionalFieldsToApi(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	if (fields.description !== undefined) body.description = fields.description;
	if (fields.location !== undefined) body.location = fields.location;
	if (fields.eventType !== undefined) body.event_type = fields.eventType;
	if (fields.allDay !== undefined) body.all_day = fields.allDay;
	if (fields.attendees !== undefined) body.attendees = commaList(fields.attendees);
	if (fields.tags !== undefined) body.tags = commaList(fields.tags);
	if (fields.reminderOffsets !== undefined) {
		const offsets = numberList.call(this, 'reminderOffsets', fields.reminderOffsets, itemIndex);
		body.reminder_offsets = offsets.length ? offsets : null;
	}
	if (fields.metadata !== undefined) {
		body.metadata = parseJsonParameter.call(this, 'metadata', fields.metadata, itemIndex);
	}
	return body;
}

/** The API body of create/upsert for one item. */
export function eventBodyOf(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return {
		calendar_id: locatorValue.call(this, 'calendarId', itemIndex) || 'default',
		title: this.getNodeParameter('title', itemIndex),
		start_at: toApiInstant.call(
			this,
			'startAt',
			this.getNodeParameter('startAt', itemIndex),
			itemIndex,
		),
		end_at: toApiInstant.call(this, 'endAt', this.getNodeParameter('endAt', itemIndex), itemIndex),
		mode: modeToApi(this.getNodeParameter('mode', itemIndex, 'calendarDefault')),
		...optionalFieldsToApi.call(this, additional, itemIndex),
	};
}
