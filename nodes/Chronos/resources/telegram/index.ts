// Telegram messages through Chronos' bot (POST /api/v1/telegram/messages): literal text or an
// event template, queued in the outbox or sent and waited for.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import {
	deliveryParameter,
	failIfNotDelivered,
	requiredTemplateId,
	templateIdParameter,
	waitOptions,
} from '../../shared/delivery';
import { jsonParameter, requiredText } from '../../shared/parameters';
import { chronosRequest } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const show = { resource: ['telegram'], operation: ['send'] };

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['telegram'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a telegram message',
				description:
					"Send a message with the bot configured in Chronos (Telegram's rate limits are kept)",
			},
		],
		default: 'send',
	},
	deliveryParameter(show, 'message'),
	{
		displayName: 'Chat ID',
		name: 'chatId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123456789 or @mychannel',
		description: 'The chat to send to: its numeric ID or @channelusername',
		displayOptions: { show },
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Text', value: 'text', description: 'Give the message text here' },
			{
				name: 'Template',
				value: 'template',
				description: 'Render the text body of a Chronos event template',
			},
		],
		default: 'text',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'At most 4096 characters',
		displayOptions: { show: { ...show, content: ['text'] } },
	},
	templateIdParameter(
		{ ...show, content: ['template'] },
		'The event template whose text body is sent',
	),
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'json',
		default: '{}',
		description: 'The template variables as JSON; a missing one fails the item and names it',
		displayOptions: { show: { ...show, content: ['template'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Disable Notification',
				name: 'disableNotification',
				type: 'boolean',
				default: false,
				description: 'Whether to deliver the message silently',
			},
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description: 'A second send with the same key sends nothing and returns the first message',
			},
			{
				displayName: 'Parse Mode',
				name: 'parseMode',
				type: 'options',
				options: [
					{ name: 'HTML', value: 'HTML' },
					{ name: 'Markdown (Legacy)', value: 'Markdown' },
					{ name: 'MarkdownV2', value: 'MarkdownV2' },
				],
				default: 'HTML',
			},
			{
				displayName: 'Reply To Message ID',
				name: 'replyToMessageId',
				type: 'number',
				default: 0,
				description: 'Send as a reply to this message of the chat',
			},
		],
	},
];

export const telegram: ResourceModule = {
	description,
	operations: {
		send: {
			async run(itemIndex) {
				const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
				const body: IDataObject = {
					chat_id: requiredText.call(this, 'chatId', itemIndex),
					...waitOptions.call(this, itemIndex),
				};
				if (this.getNodeParameter('content', itemIndex, 'text') === 'template') {
					body.template_id = requiredTemplateId.call(this, itemIndex);
					body.variables = jsonParameter.call(this, 'variables', itemIndex);
				} else {
					body.text = String(this.getNodeParameter('text', itemIndex, '') ?? '');
				}
				if (additional.parseMode) body.parse_mode = additional.parseMode;
				if (additional.disableNotification !== undefined)
					body.disable_notification = additional.disableNotification;
				if (additional.replyToMessageId) body.reply_to_message_id = additional.replyToMessageId;
				if (additional.idempotencyKey) body.idempotency_key = additional.idempotencyKey;
				const message = (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/telegram/messages',
						body,
						itemIndex,
						timeout: 90_000,
					})
				).body;
				if (body.wait) failIfNotDelivered.call(this, message, 'Telegram message', itemIndex);
				return message;
			},
		},
	},
};
