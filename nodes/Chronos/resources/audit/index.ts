// The hash-chained audit log: a workflow writes its own records (stored with the action
// `workflow.<action>` and the API key as actor, so they never pass for system records) and
// verifies the chain.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { jsonParameter, requiredText } from '../../shared/parameters';
import { chronosRequest } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['audit'], operation });

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['audit'] } },
		options: [
			{
				name: 'Verify Chain',
				value: 'verifyChain',
				action: 'Verify the audit chain',
				description:
					'Check every record’s hash link (needs the admin scope); a broken chain raises an incident',
			},
			{
				name: 'Write',
				value: 'write',
				action: 'Write an audit record',
				description: 'Append a record to the audit log (needs the audit.write scope)',
			},
		],
		default: 'write',
	},
	{
		displayName: 'Action',
		name: 'action',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. invoice.sent',
		description:
			'What happened, in lower-case letters, digits, _ . - (at most 55); stored as workflow.&lt;action&gt;.',
		displayOptions: { show: showFor('write') },
	},
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. invoice',
		description: 'The kind of thing the record is about: lower-case letters, digits and _',
		displayOptions: { show: showFor('write') },
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		description: 'The ID of that thing (optional)',
		displayOptions: { show: showFor('write') },
	},
	{
		displayName: 'Details',
		name: 'details',
		type: 'json',
		default: '{}',
		description: 'Anything worth keeping, as a JSON object (at most 32 KB)',
		displayOptions: { show: showFor('write') },
	},
];

export const audit: ResourceModule = {
	description,
	operations: {
		write: {
			async run(itemIndex) {
				const body: IDataObject = {
					action: requiredText.call(this, 'action', itemIndex),
					entity: requiredText.call(this, 'entity', itemIndex),
					details: jsonParameter.call(this, 'details', itemIndex),
				};
				const entityId = String(this.getNodeParameter('entityId', itemIndex, '') ?? '').trim();
				if (entityId) body.entity_id = entityId;
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/audit',
						body,
						itemIndex,
					})
				).body;
			},
		},
		verifyChain: {
			async run(itemIndex) {
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/audit/verify',
						itemIndex,
						timeout: 10 * 60_000,
					})
				).body;
			},
			// The chain is the same for every item; checking it once per item at a time is enough.
			sequential: true,
		},
	},
};
