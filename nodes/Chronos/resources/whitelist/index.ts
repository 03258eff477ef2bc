// Whitelist check: would a command with this system, action and params be allowed? The API
// answers 200 either way; the output says { allowed, errors } (and a reason when refused).
import type { INodeProperties } from 'n8n-workflow';
import { jsonParameter, requiredText } from '../../shared/parameters';
import { chronosRequest } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';
import { systemActionFields } from './fields';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['whitelist'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				action: 'Check a command against the whitelist',
				description:
					'Whether a command with this system, action and params would be allowed, and why not',
			},
		],
		default: 'check',
	},
	...systemActionFields({ resource: ['whitelist'], operation: ['check'] }),
];

export const whitelist: ResourceModule = {
	description,
	operations: {
		check: {
			async run(itemIndex) {
				const body = {
					system: requiredText.call(this, 'system', itemIndex),
					action: requiredText.call(this, 'action', itemIndex),
					params: jsonParameter.call(this, 'params', itemIndex),
				};
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/whitelists/check',
						body,
						itemIndex,
					})
				).body;
			},
		},
	},
};
