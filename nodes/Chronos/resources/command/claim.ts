import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { requiredText } from '../../shared/parameters';
import { chronosRequest, segment } from '../../shared/transport';
import type { Operation } from '../../shared/types';
import { systemField } from '../whitelist/fields';

const show = { resource: ['command'], operation: ['claim'] };

export const claimDescription: INodeProperties[] = [
	systemField(show, 'The system whose due commands to claim'),
	{
		displayName: 'Options',
		name: 'claimOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 10,
				description: 'How many commands to claim at most',
			},
			{
				displayName: 'Host',
				name: 'host',
				type: 'string',
				default: '',
				description: 'Claim only commands whose params.host is this host',
			},
		],
	},
];

/**
 * The API's poll path: due PENDING commands of the system become PROCESSING, claimed by this
 * key. Each claimed command is one output item; none claimed gives no items for this input.
 */
export const claim: Operation = {
	// Each input item claims what is due at its turn: claims racing each other would split the
	// queue between items at random.
	sequential: true,
	async run(itemIndex) {
		const system = requiredText.call(this, 'system', itemIndex).toUpperCase();
		const options = this.getNodeParameter('claimOptions', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (options.batchSize !== undefined) qs.limit = options.batchSize;
		if (options.host) qs.host = options.host;
		const path = `/api/v1/commands/${segment(system)}`;
		const { body } = await chronosRequest.call(this, { method: 'GET', path, qs, itemIndex });
		return (Array.isArray(body) ? body : []) as IDataObject[];
	},
};
