// System and action pickers backed by the whitelist (commands may only target whitelisted
// system/action pairs); shared by the command and whitelist resources.
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export function systemField(show: IDisplayOptions['show'], description: string): INodeProperties {
	return {
		displayName: 'System Name or ID',
		name: 'system',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWhitelistedSystems' },
		required: true,
		default: '',
		description: `${description}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		displayOptions: { show },
	};
}

export function systemActionFields(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		systemField(show, 'The target system (UPPER_SNAKE, e.g. HEALING), as whitelisted'),
		{
			displayName: 'Action Name or ID',
			name: 'action',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getWhitelistedActions', loadOptionsDependsOn: ['system'] },
			required: true,
			default: '',
			description:
				'An action whitelisted for the system. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: { show },
		},
		{
			displayName: 'Params',
			name: 'params',
			type: 'json',
			default: '{}',
			description:
				"The action's parameters as a JSON object; they are type-checked against the whitelist entry",
			displayOptions: { show },
		},
	];
}
