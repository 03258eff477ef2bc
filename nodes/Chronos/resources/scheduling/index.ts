// Free/busy of attendees and the earliest free slots for all of them (working hours, buffer,
// time zone). Both answer one item: the busy map, or `{ slots }`.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { commaList, parseJsonParameter } from '../../shared/parameters';
import { toApiInstant } from '../../shared/time';
import { chronosRequest } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['scheduling'], operation });

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['scheduling'] } },
		options: [
			{
				name: 'Get Free/Busy',
				value: 'getFreeBusy',
				action: 'Get the busy times of attendees',
				description: 'Merged busy intervals per attendee in a window',
			},
			{
				name: 'Suggest Slots',
				value: 'suggestSlots',
				action: 'Suggest free slots for attendees',
				description: 'The earliest slots where all attendees are free',
			},
		],
		default: 'getFreeBusy',
	},
	{
		displayName: 'Attendees',
		name: 'attendees',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. anna@example.com, ben@example.com',
		description: 'E-mail addresses, comma-separated',
		displayOptions: { show: showFor('getFreeBusy', 'suggestSlots') },
	},
	{
		displayName: 'Duration (Minutes)',
		name: 'durationMinutes',
		type: 'number',
		required: true,
		typeOptions: { minValue: 1 },
		default: 30,
		displayOptions: { show: showFor('suggestSlots') },
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the window',
		displayOptions: { show: showFor('getFreeBusy', 'suggestSlots') },
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'End of the window (at most 92 days after its start)',
		displayOptions: { show: showFor('getFreeBusy', 'suggestSlots') },
	},
	{
		displayName: 'Count',
		name: 'count',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		default: 5,
		description: 'How many slots to suggest at most',
		displayOptions: { show: showFor('suggestSlots') },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFor('suggestSlots') },
		options: [
			{
				displayName: 'Buffer (Minutes)',
				name: 'bufferMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1440 },
				default: 0,
				description: 'Free time to keep before and after other events',
			},
			{
				displayName: 'Calendar ID',
				name: 'calendarId',
				type: 'string',
				default: '',
				placeholder: 'e.g. work',
				description: 'Take working hours, time zone and buffer from this calendar',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: 'The zone the working hours are in',
			},
			{
				displayName: 'Working Hours',
				name: 'workingHours',
				type: 'json',
				default:
					'{ "mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"], "sat": [], "sun": [] }',
				description: 'Spans per weekday; overrides the calendar. Not set: around the clock.',
			},
		],
	},
];

export const scheduling: ResourceModule = {
	description,
	operations: {
		getFreeBusy: {
			async run(itemIndex) {
				const qs: IDataObject = {
					attendees: commaList(this.getNodeParameter('attendees', itemIndex)).join(','),
					from: toApiInstant.call(
						this,
						'from',
						this.getNodeParameter('from', itemIndex),
						itemIndex,
					),
					to: toApiInstant.call(this, 'to', this.getNodeParameter('to', itemIndex), itemIndex),
				};
				return (
					await chronosRequest.call(this, {
						method: 'GET',
						path: '/api/v1/freebusy',
						qs,
						itemIndex,
					})
				).body;
			},
		},
		suggestSlots: {
			async run(itemIndex) {
				const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
				const body: IDataObject = {
					attendees: commaList(this.getNodeParameter('attendees', itemIndex)),
					duration_minutes: this.getNodeParameter('durationMinutes', itemIndex),
					from: toApiInstant.call(
						this,
						'from',
						this.getNodeParameter('from', itemIndex),
						itemIndex,
					),
					to: toApiInstant.call(this, 'to', this.getNodeParameter('to', itemIndex), itemIndex),
					count: this.getNodeParameter('count', itemIndex, 5),
				};
				if (additional.calendarId) body.calendar_id = String(additional.calendarId).trim();
				if (additional.timeZone) body.time_zone = String(additional.timeZone).trim();
				if (additional.bufferMinutes !== undefined) body.buffer_minutes = additional.bufferMinutes;
				if (additional.workingHours !== undefined) {
					body.working_hours = parseJsonParameter.call(
						this,
						'workingHours',
						additional.workingHours,
						itemIndex,
					);
				}
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/slots/suggest',
						body,
						itemIndex,
					})
				).body;
			},
		},
	},
};
