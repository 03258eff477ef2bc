// What mail and Telegram sends share: "queue" or "send and wait" (the API's `wait`, bounded by
// its timeout), the template picker, and the template-or-direct content switch.
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { locatorValue } from './parameters';

/** How long the API waits for the relay's outcome with `sendAndWait` (its maximum is 60 s). */
export const WAIT_TIMEOUT_MS = 30_000;

export function deliveryParameter(show: IDisplayOptions['show'], what: string): INodeProperties {
	return {
		displayName: 'Delivery',
		name: 'delivery',
		type: 'options',
		displayOptions: { show },
		options: [
			{
				name: 'Queue',
				value: 'queue',
				description: `Queue the ${what} and go on; the relay sends it (retrying as needed)`,
			},
			{
				name: 'Send and Wait',
				value: 'sendAndWait',
				description: `Wait up to 30 seconds for the outcome: the output says whether the ${what} was delivered or failed`,
			},
		],
		default: 'queue',
	};
}

export function templateIdParameter(
	show: IDisplayOptions['show'],
	description: string,
): INodeProperties {
	return {
		displayName: 'Template',
		name: 'templateId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6b1f3c52-8f7e-4a7b-9d3e-2c1a0b9f8e7d',
			},
		],
	};
}

/** The `wait` / `timeout_ms` members of a send request for the chosen delivery. */
export function waitOptions(
	this: IExecuteFunctions,
	itemIndex: number,
): { wait?: boolean; timeout_ms?: number } {
	const delivery = this.getNodeParameter('delivery', itemIndex, 'queue') as string;
	return delivery === 'sendAndWait' ? { wait: true, timeout_ms: WAIT_TIMEOUT_MS } : {};
}

export function requiredTemplateId(this: IExecuteFunctions, itemIndex: number): string {
	const id = locatorValue.call(this, 'templateId', itemIndex);
	if (!id) {
		throw new NodeOperationError(this.getNode(), 'The parameter "templateId" is required', {
			itemIndex,
		});
	}
	return id;
}

/**
 * With "send and wait" a message the relay gave up on fails the item (with continue on fail:
 * an error item), so a workflow notices; the API's record is in the error's description.
 */
export function failIfNotDelivered(
	this: IExecuteFunctions,
	record: { status?: unknown; error?: unknown },
	what: string,
	itemIndex: number,
): void {
	if (record.status !== 'failed') return;
	throw new NodeOperationError(
		this.getNode(),
		`The ${what} could not be delivered: ${String(record.error ?? 'unknown error')}`,
		{
			description: JSON.stringify(record),
			itemIndex,
		},
	);
}
