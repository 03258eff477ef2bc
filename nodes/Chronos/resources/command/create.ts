import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { jsonParameter, requiredText } from '../../shared/parameters';
import { chronosRequest } from '../../shared/transport';
import type { Operation } from '../../shared/types';
import { systemActionFields } from '../whitelist/fields';

const show = { resource: ['command'], operation: ['create'] };

export const createDescription: INodeProperties[] = [
	...systemActionFields(show),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Delivery Mode',
				name: 'deliveryMode',
				type: 'options',
				options: [
					{
						name: 'Poll',
						value: 'poll',
						description: 'The target system claims it (GET /api/v1/commands/{SYSTEM})',
					},
					{
						name: 'Push',
						value: 'push',
						description:
							'Delivered as a command.created message to subscriptions (e.g. a Chronos Trigger)',
					},
				],
				default: 'poll',
			},
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'A second create with the same key returns the first command instead of a new one',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 3,
			},
			{
				displayName: 'Source Event ID',
				name: 'sourceEventId',
				type: 'string',
				default: '',
				description: 'The ID (UUID) of the event that caused this command',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 86400 },
				default: 300,
				description: 'How long a claimed command may run before it is put back (or failed)',
			},
		],
	},
];

export const create: Operation = {
	async run(itemIndex) {
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {
			system: requiredText.call(this, 'system', itemIndex),
			action: requiredText.call(this, 'action', itemIndex),
			params: jsonParameter.call(this, 'params', itemIndex),
		};
		if (additional.idempotencyKey) body.idempotency_key = additional.idempotencyKey;
		if (additional.maxRetries !== undefined) body.max_retries = additional.maxRetries;
		if (additional.timeoutSeconds !== undefined) body.timeout_seconds = additional.timeoutSeconds;
		if (additional.deliveryMode) body.delivery_mode = additional.deliveryMode;
		if (additional.sourceEventId) body.source_event_id = String(additional.sourceEventId).trim();
		return (
			await chronosRequest.call(this, { method: 'POST', path: '/api/v1/commands', body, itemIndex })
		).body;
	},
};
