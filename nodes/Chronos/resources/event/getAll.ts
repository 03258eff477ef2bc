import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { commaList, pagingOf, returnAllAndLimit, withoutEmpty } from '../../shared/parameters';
import { listRecords } from '../../shared/paginate';
import { toApiInstant } from '../../shared/time';
import type { Operation } from '../../shared/types';

const show = { resource: ['event'], operation: ['getAll'] };

export const getAllDescription: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Attendee',
				name: 'attendee',
				type: 'string',
				default: '',
				placeholder: 'e.g. anna@example.com',
				description: 'Only events with this attendee (comma-separated: any of them)',
			},
			{
				displayName: 'Calendar ID',
				name: 'calendar_id',
				type: 'string',
				default: '',
				placeholder: 'e.g. work',
				description: 'Only events of this calendar (comma-separated: any of them)',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description: 'Only events that end after this time',
			},
			{
				displayName: 'Search',
				name: 'q',
				type: 'string',
				default: '',
				description: 'Full-text search over title, description and location',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: [
					{ name: 'Scheduled', value: 'scheduled' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Cancelled', value: 'cancelled' },
				],
				default: [],
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'e.g. team, planning',
				description: 'Only events with these tags, comma-separated',
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description: 'Only events that start before this time',
			},
		],
	},
];

const listFilter = (value: unknown): string | string[] => {
	const list = commaList(value);
	return list.length === 1 ? list[0] : list;
};

export const getAll: Operation = {
	async run(itemIndex) {
		const filters = withoutEmpty(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		const filter: IDataObject = {};
		if (filters.q) filter.q = filters.q;
		if (filters.calendar_id) filter.calendar_id = listFilter(filters.calendar_id);
		if (filters.attendee) filter.attendee = listFilter(filters.attendee);
		if (filters.tags) filter.tags = listFilter(filters.tags);
		if (Array.isArray(filters.status) && filters.status.length) filter.status = filters.status;
		if (filters.from) filter.from = toApiInstant.call(this, 'from', filters.from, itemIndex);
		if (filters.to) filter.to = toApiInstant.call(this, 'to', filters.to, itemIndex);
		return await listRecords.call(this, {
			path: '/api/v1/events',
			filter,
			sort: ['start_at', 'ASC'],
			...pagingOf.call(this, itemIndex),
			itemIndex,
		});
	},
};
