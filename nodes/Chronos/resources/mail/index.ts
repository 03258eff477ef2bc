// Mail through Chronos (POST /api/v1/mail): directly or from an email template, with
// attachments taken from the item's binary data; queued in the outbox or sent and waited for.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	deliveryParameter,
	failIfNotDelivered,
	requiredTemplateId,
	templateIdParameter,
	waitOptions,
} from '../../shared/delivery';
import { commaList, jsonParameter } from '../../shared/parameters';
import { chronosRequest } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const show = { resource: ['mail'], operation: ['send'] };

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['mail'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a mail',
				description: 'Send a mail through the SMTP server configured in Chronos',
			},
		],
		default: 'send',
	},
	deliveryParameter(show, 'mail'),
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		placeholder: 'e.g. ann@example.com, bob@example.com',
		description: 'Recipients, comma-separated (To, Cc and Bcc together need at least one)',
		displayOptions: { show },
	},
	{
		displayName: 'Cc',
		name: 'cc',
		type: 'string',
		default: '',
		description: 'Copy recipients, comma-separated',
		displayOptions: { show },
	},
	{
		displayName: 'Bcc',
		name: 'bcc',
		type: 'string',
		default: '',
		description: 'Blind copy recipients, comma-separated',
		displayOptions: { show },
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Template', value: 'template', description: 'Render a Chronos email template' },
			{ name: 'Direct', value: 'direct', description: 'Give the subject and the body here' },
		],
		default: 'direct',
	},
	templateIdParameter({ ...show, content: ['template'] }, 'The email template to render'),
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'json',
		default: '{}',
		description: 'The template variables as JSON; a missing one fails the item and names it',
		displayOptions: { show: { ...show, content: ['template'] } },
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...show, content: ['direct'] } },
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'The HTML body (give HTML, text or both)',
		displayOptions: { show: { ...show, content: ['direct'] } },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'The plain-text body (give HTML, text or both)',
		displayOptions: { show: { ...show, content: ['direct'] } },
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
				displayName: 'Attachments',
				name: 'attachments',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, invoice',
				description:
					'Names of binary properties of the input item to attach, comma-separated (at most 10 MB together)',
			},
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description: 'A second send with the same key sends nothing and returns the first delivery',
			},
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				options: [
					{ name: 'High', value: 'high' },
					{ name: 'Normal', value: 'normal' },
					{ name: 'Low', value: 'low' },
				],
				default: 'normal',
			},
			{
				displayName: 'Reply To',
				name: 'replyTo',
				type: 'string',
				default: '',
				placeholder: 'e.g. support@example.com',
			},
		],
	},
];

/** The named binary properties of the item as the API's base64 attachments. */
async function attachmentsOf(
	this: IExecuteFunctions,
	names: unknown,
	itemIndex: number,
): Promise<IDataObject[]> {
	const attachments: IDataObject[] = [];
	for (const name of commaList(names)) {
		const item = this.getInputData()[itemIndex];
		if (!item?.binary?.[name]) {
			throw new NodeOperationError(
				this.getNode(),
				`The input item has no binary property "${name}" to attach`,
				{
					description: `Binary properties of the item: ${Object.keys(item?.binary ?? {}).join(', ') || 'none'}`,
					itemIndex,
				},
			);
		}
		const binary = this.helpers.assertBinaryData(itemIndex, name);
		const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, name);
		attachments.push({
			filename: binary.fileName || name,
			content_type: binary.mimeType || 'application/octet-stream',
			content_base64: buffer.toString('base64'),
		});
	}
	return attachments;
}

export const mail: ResourceModule = {
	description,
	operations: {
		send: {
			async run(itemIndex) {
				const text = (name: string) => String(this.getNodeParameter(name, itemIndex, '') ?? '');
				const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
				const body: IDataObject = {
					to: commaList(text('to')),
					cc: commaList(text('cc')),
					bcc: commaList(text('bcc')),
					...waitOptions.call(this, itemIndex),
				};
				if (this.getNodeParameter('content', itemIndex, 'direct') === 'template') {
					body.template_id = requiredTemplateId.call(this, itemIndex);
					body.variables = jsonParameter.call(this, 'variables', itemIndex);
				} else {
					body.subject = text('subject');
					if (text('html')) body.html = text('html');
					if (text('text')) body.text = text('text');
				}
				if (additional.replyTo) body.reply_to = additional.replyTo;
				if (additional.priority) body.priority = additional.priority;
				if (additional.idempotencyKey) body.idempotency_key = additional.idempotencyKey;
				if (additional.attachments) {
					body.attachments = await attachmentsOf.call(this, additional.attachments, itemIndex);
				}
				const delivery = (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/mail',
						body,
						itemIndex,
						timeout: 90_000,
					})
				).body;
				if (body.wait) failIfNotDelivered.call(this, delivery, 'mail', itemIndex);
				return delivery;
			},
		},
	},
};
