import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { EVENT_TYPES } from './events';
import { createSubscription, deleteSubscription, subscriptionExists } from './subscription';
import { receiveWebhook } from './webhook';

/**
 * Starts a workflow when Chronos emits an event. Activation registers a Chronos subscription
 * for the workflow's production webhook URL; every delivery is verified (Standard Webhooks
 * signature, timestamp window, no replays) before the workflow runs.
 */
export class ChronosTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chronos Trigger',
		name: 'chronosTrigger',
		icon: { light: 'file:../../icons/chronos.svg', dark: 'file:../../icons/chronos.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Chronos emits an event (signed webhook)',
		defaults: {
			name: 'Chronos Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'chronosApi',
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'chronos',
			},
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_TYPES,
				default: [],
				description:
					'The Chronos events that start the workflow. The API key needs the scope workflows.manage to register them.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Calendar ID',
						name: 'calendarId',
						type: 'string',
						default: '',
						placeholder: 'default',
						description: 'Only event messages of this calendar start the workflow',
					},
					{
						displayName: 'System',
						name: 'system',
						type: 'string',
						default: '',
						placeholder: 'backup-server',
						description: 'Only command messages of this system start the workflow',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscription.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSubscription.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook.call(this);
	}
}
