import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { commaList, pagingOf, returnAllAndLimit, withoutEmpty } from '../../shared/parameters';
import { listRecords } from '../../shared/paginate';
import { toApiInstant } from '../../shared/time';
import type { Operation } from '../../shared/types';

const show = { resource: ['command'], operation: ['getAll'] };

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
				displayName: 'Action',
				name: 'action',
				type: 'string',
				default: '',
				description: 'Only commands with this action (comma-separated: any of them)',
			},
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
				description: 'Only commands created before this time',
			},
			{
				displayName: 'Source Event ID',
				name: 'source_event_id',
				type: 'string',
				default: '',
				description: 'Only commands caused by this event',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: [
					{ name: 'Completed', value: 'COMPLETED' },
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Pending', value: 'PENDING' },
					{ name: 'Processing', value: 'PROCESSING' },
				],
				default: [],
			},
			{
				displayName: 'System',
				name: 'system',
				type: 'string',
				default: '',
				description: 'Only commands for this system (comma-separated: any of them)',
			},
		],
	},
];

export const getAll: Operation = {
	async run(itemIndex) {
		const filters = withoutEmpty(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		const filter: IDataObject = { ...filters };
		if (filters.system) filter.system = commaList(filters.system);
		if (filters.action) filter.action = commaList(filters.action);
		if (Array.isArray(filters.status) && filters.status.length === 0) delete filter.status;
		for (const name of ['created_from', 'created_to']) {
			if (filters[name]) filter[name] = toApiInstant.call(this, name, filters[name], itemIndex);
		}
		return await listRecords.call(this, {
			path: '/api/v1/commands',
			filter,
			sort: ['created_at', 'DESC'],
			...pagingOf.call(this, itemIndex),
			itemIndex,
		});
	},
};
