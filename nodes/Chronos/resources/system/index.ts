import type { INodeProperties } from 'n8n-workflow';

const showOnlyForSystem = {
	resource: ['system'],
};

export const systemDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: {
			show: showOnlyForSystem,
		},
		options: [
			{
				name: 'Get Health',
				value: 'getHealth',
				action: 'Get the health of chronos',
				description:
					'Check whether the Chronos API and its database are up (also answers when they are not)',
				routing: {
					request: {
						method: 'GET',
						url: '/health',
						ignoreHttpStatusErrors: true,
					},
				},
			},
			{
				name: 'Get Identity',
				value: 'getIdentity',
				action: 'Get the identity of the API key',
				description: 'Return the API key this credential uses: its name, ID and scopes',
				routing: {
					request: {
						method: 'GET',
						url: '/api/auth/me',
					},
				},
			},
		],
		default: 'getHealth',
	},
];
