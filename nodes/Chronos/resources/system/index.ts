import type { INodeProperties } from 'n8n-workflow';
import { chronosBaseUrl, chronosRequest } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const showOnlyForSystem = { resource: ['system'] };

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForSystem },
		options: [
			{
				name: 'Get Health',
				value: 'getHealth',
				action: 'Get the health of chronos',
				description:
					'Check whether the Chronos API and its database are up (also answers when they are not)',
			},
			{
				name: 'Get Identity',
				value: 'getIdentity',
				action: 'Get the identity of the API key',
				description: 'Return the API key this credential uses: its name, ID and scopes',
			},
		],
		default: 'getHealth',
	},
];

export const system: ResourceModule = {
	description,
	operations: {
		getHealth: {
			async run() {
				// /health answers 503 with the same report when something is down: that is data here.
				const response = await this.helpers.httpRequestWithAuthentication.call(this, 'chronosApi', {
					method: 'GET',
					url: `${await chronosBaseUrl.call(this)}/health`,
					json: true,
					ignoreHttpStatusErrors: true,
					returnFullResponse: true,
				});
				return { ...(response.body as object), httpStatus: response.statusCode };
			},
		},
		getIdentity: {
			async run(itemIndex) {
				return (await chronosRequest.call(this, { method: 'GET', path: '/api/auth/me', itemIndex }))
					.body;
			},
		},
	},
};
