// Commands for target systems (SPEC 3.2): create (whitelist-checked), read, list, claim due
// commands of a system (the poll path), and the target's complete / fail callbacks.
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { requiredText } from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';
import { callbackDescription, commandIdDescription, complete, fail } from './callbacks';
import { claim, claimDescription } from './claim';
import { create, createDescription } from './create';
import { getAll, getAllDescription } from './getAll';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['command'] } },
	options: [
		{
			name: 'Claim',
			value: 'claim',
			action: 'Claim the due commands of a system',
			description:
				'Take due commands of a system for processing: one output item per claimed command',
		},
		{
			name: 'Complete',
			value: 'complete',
			action: 'Complete a command',
			description: 'Report that the command succeeded, with its result',
		},
		{
			name: 'Create',
			value: 'create',
			action: 'Create a command',
			description: 'Queue a whitelisted action for a system',
		},
		{
			name: 'Fail',
			value: 'fail',
			action: 'Fail a command',
			description: 'Report that the command failed, optionally for a retry',
		},
		{ name: 'Get', value: 'get', action: 'Get a command' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many commands' },
	],
	default: 'create',
};

export const command: ResourceModule = {
	description: [
		operation,
		commandIdDescription,
		...createDescription,
		...claimDescription,
		...callbackDescription,
		...getAllDescription,
	],
	operations: {
		create,
		get: {
			async run(itemIndex) {
				const id = requiredText.call(this, 'id', itemIndex);
				// GET /commands/{SYSTEM} is the claim path: a non-UUID here would claim commands.
				if (!UUID.test(id)) {
					throw new NodeOperationError(
						this.getNode(),
						'The parameter "id" must be a command UUID',
						{
							description: `"${id}" is not a UUID. To take due commands of a system, use the Claim operation.`,
							itemIndex,
						},
					);
				}
				return (
					await chronosRequest.call(this, {
						method: 'GET',
						path: `/api/v1/commands/${segment(id)}`,
						itemIndex,
					})
				).body;
			},
		},
		getAll,
		claim,
		complete,
		fail,
	},
};
