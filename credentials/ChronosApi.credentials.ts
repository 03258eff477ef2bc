import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The one credential of the Chronos package: where the Chronos admin API is, the API key the
 * nodes call it with, and the secret Chronos signs its webhooks with (checked by the trigger).
 * SMTP, Telegram and S3 settings deliberately live in Chronos, not here.
 */
export class ChronosApi implements ICredentialType {
	name = 'chronosApi';

	displayName = 'Chronos API';

	icon: Icon = { light: 'file:../icons/chronos.svg', dark: 'file:../icons/chronos.dark.svg' };

	documentationUrl = 'https://github.com/chronos-n8n/n8n-nodes-chronos#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:8080',
			placeholder: 'https://chronos.example.com',
			description:
				'Address of the Chronos admin API as n8n reaches it, without a trailing slash or /api',
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'chronos_standard_…',
			description:
				'A Chronos API key (created in the Chronos console under API keys) with the scopes your workflows need',
			required: true,
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_…',
			description:
				'The whsec_… secret Chronos signs its webhooks with. The Chronos Trigger uses it to reject unsigned, forged or replayed calls.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/auth/me',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Chronos rejected the API key (401): check that it is copied completely and is neither expired nor revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Chronos API found at this Base URL (404): check the address (without /api at the end)',
				},
			},
		],
	};
}
