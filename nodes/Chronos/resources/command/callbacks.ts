// The target's answers to a claimed (or pushed) command: completed with a result, or failed
// with an error (optionally put back for a retry after a backoff).
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { idParameter, requiredText } from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['command'], operation });

export const callbackDescription: INodeProperties[] = [
	{
		displayName: 'Result',
		name: 'result',
		type: 'json',
		default: '{}',
		description: 'Any JSON; rules can use it as command.result',
		displayOptions: { show: showFor('complete') },
	},
	{
		displayName: 'Error',
		name: 'error',
		type: 'string',
		required: true,
		default: '',
		description: 'What went wrong',
		displayOptions: { show: showFor('fail') },
	},
	{
		displayName: 'Retry',
		name: 'retry',
		type: 'boolean',
		default: false,
		description:
			'Whether to put the command back for another attempt (after a backoff) while retries are left',
		displayOptions: { show: showFor('fail') },
	},
];

export const commandIdDescription = idParameter(
	'id',
	'Command ID',
	showFor('get', 'complete', 'fail'),
	'The ID (UUID) of the command',
);

/** `result` may be any JSON (also a list or a number): parsed, not forced into an object. */
function parseResult(value: unknown): IDataObject['result'] {
	if (typeof value !== 'string') return value as IDataObject['result'];
	if (value.trim() === '') return null;
	return JSON.parse(value) as IDataObject['result'];
}

export const complete: Operation = {
	async run(itemIndex) {
		const id = requiredText.call(this, 'id', itemIndex);
		let result: IDataObject['result'];
		try {
			result = parseResult(this.getNodeParameter('result', itemIndex, '{}'));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), 'The parameter "result" is not valid JSON', {
				description: (error as Error).message,
				itemIndex,
			});
		}
		const path = `/api/v1/commands/${segment(id)}/complete`;
		return (await chronosRequest.call(this, { method: 'POST', path, body: { result }, itemIndex }))
			.body;
	},
};

export const fail: Operation = {
	async run(itemIndex) {
		const id = requiredText.call(this, 'id', itemIndex);
		const body = {
			error: requiredText.call(this, 'error', itemIndex),
			retry: this.getNodeParameter('retry', itemIndex, false) as boolean,
		};
		const path = `/api/v1/commands/${segment(id)}/fail`;
		return (await chronosRequest.call(this, { method: 'POST', path, body, itemIndex })).body;
	},
};
