// Templates (email, event, webhook): render one with variables (subject, body_html,
// body_text, payload, and the variables it missed), read one, list them.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	jsonParameter,
	locatorValue,
	pagingOf,
	returnAllAndLimit,
	withoutEmpty,
} from '../../shared/parameters';
import { listRecords } from '../../shared/paginate';
import { chronosRequest, segment } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['template'], operation });

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a template' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many templates' },
			{
				name: 'Render',
				value: 'render',
				action: 'Render a template',
				description: 'Render a template with variables (counts as a use of the template)',
			},
		],
		default: 'render',
	},
	{
		displayName: 'Template',
		name: 'templateId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show: showFor('render', 'get') },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6b1f3c52-8f7e-4a7b-9d3e-2c1a0b9f8e7d',
			},
		],
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'json',
		default: '{}',
		description:
			'The variables as a JSON object, e.g. { "event": { "title": "Review" } }. Blank: the template\'s sample values.',
		displayOptions: { show: showFor('render') },
	},
	{
		displayName: 'Options',
		name: 'renderOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: showFor('render') },
		options: [
			{
				displayName: 'Strict',
				name: 'strict',
				type: 'boolean',
				default: true,
				description:
					'Whether missing variables fail the render (otherwise it renders anyway and lists them in "missing")',
			},
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
				displayName: 'Category',
				name: 'category',
				type: 'options',
				options: [
					{ name: 'Notification', value: 'notification' },
					{ name: 'Reminder', value: 'reminder' },
					{ name: 'Report', value: 'report' },
				],
				default: 'notification',
			},
			{
				displayName: 'Search',
				name: 'q',
				type: 'string',
				default: '',
				description: 'Search in name and description',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Email', value: 'email' },
					{ name: 'Event', value: 'event' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'email',
			},
		],
	},
];

function requiredTemplateId(this: IExecuteFunctions, itemIndex: number): string {
	const id = locatorValue.call(this, 'templateId', itemIndex);
	if (!id)
		throw new NodeOperationError(this.getNode(), 'The parameter "templateId" is required', {
			itemIndex,
		});
	return id;
}

export const template: ResourceModule = {
	description,
	operations: {
		render: {
			async run(itemIndex) {
				const id = requiredTemplateId.call(this, itemIndex);
				const variablesText = this.getNodeParameter('variables', itemIndex, '');
				const options = this.getNodeParameter('renderOptions', itemIndex, {}) as IDataObject;
				const body: IDataObject = {};
				// Empty variables: let the API use the template's declared samples.
				if (variablesText !== '' && variablesText !== undefined) {
					body.variables = jsonParameter.call(this, 'variables', itemIndex);
				}
				if (options.strict !== undefined) body.strict = options.strict;
				const path = `/api/v1/templates/${segment(id)}/render`;
				return (await chronosRequest.call(this, { method: 'POST', path, body, itemIndex })).body;
			},
		},
		get: {
			async run(itemIndex) {
				const id = requiredTemplateId.call(this, itemIndex);
				return (
					await chronosRequest.call(this, {
						method: 'GET',
						path: `/api/v1/templates/${segment(id)}`,
						itemIndex,
					})
				).body;
			},
		},
		getAll: {
			async run(itemIndex) {
				const filter = withoutEmpty(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
				return await listRecords.call(this, {
					path: '/api/v1/templates',
					filter,
					sort: ['name', 'ASC'],
					...pagingOf.call(this, itemIndex),
					itemIndex,
				});
			},
		},
	},
};
