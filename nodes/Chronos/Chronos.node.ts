import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { listSearch, loadOptions } from './methods';
import { resources } from './resources';
import { runForEachItem } from './shared/execute';

/**
 * The Chronos action node: a thin client of the Chronos admin API. Every operation is one
 * API call (or a paginated series) made with the Chronos API credential; effects such as
 * mail, Telegram and backups happen in Chronos. Resources are described one folder each under
 * resources/, as in n8n's node starter.
 */
export class Chronos implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chronos',
		name: 'chronos',
		icon: { light: 'file:../../icons/chronos.svg', dark: 'file:../../icons/chronos.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Events, commands, templates and operations in Chronos',
		defaults: {
			name: 'Chronos',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'chronosApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: Object.entries(resources).map(([value, { name }]) => ({ name, value })),
				default: 'event',
			},
			...Object.values(resources).flatMap(({ module }) => module.description),
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = resources[resource]?.module.operations[operation];
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of the resource "${resource}" is not known to this version of the Chronos node`,
			);
		}
		return await runForEachItem.call(this, handler);
	}
}
