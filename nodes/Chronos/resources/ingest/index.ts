// Records pushed to Chronos' ingest endpoints (POST /ingest/{domain}), read per domain.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { pagingOf, requiredText, returnAllAndLimit, withoutEmpty } from '../../shared/parameters';
import { listRecords } from '../../shared/paginate';
import { toApiInstant } from '../../shared/time';
import { segment } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['ingest'], operation });

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ingest'] } },
		options: [
			{
				name: 'Get Domains',
				value: 'getDomains',
				action: 'Get the ingest domains',
				description:
					'Domains with records or tokens: record counts, first and last receipt, active tokens',
			},
			{
				name: 'Get Records',
				value: 'getRecords',
				action: 'Get ingested records',
				description: 'Records received for one domain, newest first',
			},
		],
		default: 'getRecords',
	},
	{
		displayName: 'Domain',
		name: 'domain',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. weather-station',
		description: 'Lower-case letters, digits and dashes',
		displayOptions: { show: showFor('getRecords') },
	},
	...returnAllAndLimit(showFor('getRecords')),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: showFor('getRecords') },
		options: [
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description: 'Only records received at or after this time',
			},
			{
				displayName: 'Search',
				name: 'q',
				type: 'string',
				default: '',
				description: 'Any part of the record’s JSON text',
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description: 'Only records received before this time',
			},
		],
	},
];

export const ingest: ResourceModule = {
	description,
	operations: {
		getRecords: {
			async run(itemIndex) {
				const domain = requiredText.call(this, 'domain', itemIndex);
				const filter: IDataObject = withoutEmpty(
					this.getNodeParameter('filters', itemIndex, {}) as IDataObject,
				);
				for (const name of ['from', 'to']) {
					if (filter[name]) filter[name] = toApiInstant.call(this, name, filter[name], itemIndex);
				}
				return await listRecords.call(this, {
					path: `/api/v1/ingest/${segment(domain)}/records`,
					filter,
					sort: ['received_at', 'DESC'],
					...pagingOf.call(this, itemIndex),
					itemIndex,
				});
			},
		},
		getDomains: {
			async run(itemIndex) {
				return await listRecords.call(this, {
					path: '/api/v1/ingest/domains',
					returnAll: true,
					limit: 0,
					itemIndex,
				});
			},
		},
	},
};
