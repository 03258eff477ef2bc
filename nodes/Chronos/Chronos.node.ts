import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { systemDescription } from './resources/system';

/**
 * The Chronos action node. A thin client of the Chronos admin API: every operation is one
 * API call made with the Chronos API credential. Resources are described one file each
 * under resources/, as in n8n's node starter.
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
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
			},
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'System',
						value: 'system',
					},
				],
				default: 'system',
			},
			...systemDescription,
		],
	};
}
