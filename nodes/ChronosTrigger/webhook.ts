// One delivery from Chronos: verified (Standard Webhooks signature over the RAW body,
// timestamp window, webhook-id not seen before), then filtered, then turned into the
// workflow's single input item. Refusals are answered here, with a JSON reason, and start no
// execution.
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { TOLERANCE_SECONDS, verify } from '../../shared/standard-webhooks';
import { credentialSecret, triggerState, type TriggerState } from './subscription';

/** How many accepted webhook-ids are remembered (the static data must stay small). */
export const MAX_SEEN_IDS = 1000;

type Envelope = { id: string; type: string; timestamp: string; data: unknown };

function refuse(
	ctx: IWebhookFunctions,
	status: number,
	reason: string,
	message: string,
): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ status, reason, message });
	return { noWebhookResponse: true };
}

/**
 * Records `id` as seen unless it already was. Entries older than the timestamp window are
 * dropped (such a message fails the timestamp check anyway), and the list never holds more
 * than MAX_SEEN_IDS entries (the oldest go first).
 */
function rememberOnce(
	state: TriggerState,
	id: string,
	timestamp: number,
	nowSeconds: number,
): boolean {
	const fresh = (state.seen ?? []).filter(([, at]) => nowSeconds - at <= TOLERANCE_SECONDS);
	if (fresh.some(([seenId]) => seenId === id)) {
		state.seen = fresh;
		return false;
	}
	fresh.push([id, timestamp]);
	state.seen = fresh.slice(-MAX_SEEN_IDS);
	return true;
}

function isEnvelope(value: unknown): value is Envelope {
	const envelope = value as Envelope | null;
	return (
		typeof envelope === 'object' &&
		envelope !== null &&
		typeof envelope.id === 'string' &&
		typeof envelope.type === 'string'
	);
}

/** The envelope plus the fields workflows use most, at the top level (docs/n8n-nodes.md). */
export function outputItem(envelope: Envelope): IDataObject {
	const data = (envelope.data ?? {}) as IDataObject;
	const item: IDataObject = {
		id: envelope.id,
		type: envelope.type,
		timestamp: envelope.timestamp,
		data: envelope.data as IDataObject,
	};
	if (envelope.type.startsWith('event.')) {
		// event.reminder carries { event, offset_minutes, remind_at }; the others the event itself.
		const event = (envelope.type === 'event.reminder' ? data.event : data) as
			| IDataObject
			| undefined;
		if (event?.id !== undefined) item.eventId = event.id;
		if (event?.calendar_id !== undefined) item.calendarId = event.calendar_id;
		if (event?.status !== undefined) item.status = event.status;
	} else if (envelope.type.startsWith('command.')) {
		if (data.id !== undefined) item.commandId = data.id;
		if (data.system !== undefined) item.system = data.system;
		if (data.action !== undefined) item.action = data.action;
		if (data.status !== undefined) item.status = data.status;
	} else if (data.status !== undefined) {
		item.status = data.status;
	}
	return item;
}

/**
 * Why a verified message does not start the workflow, or undefined when it does. The calendar
 * filter applies to event messages, the system filter to command messages.
 */
function filteredOut(
	item: IDataObject,
	events: string[],
	options: IDataObject,
): string | undefined {
	if (!events.includes(String(item.type)))
		return `the trigger does not listen to ${String(item.type)}`;
	const calendarId = String(options.calendarId ?? '').trim();
	if (
		calendarId &&
		String(item.type).startsWith('event.') &&
		String(item.calendarId) !== calendarId
	) {
		return `the event is not in calendar ${calendarId}`;
	}
	const system = String(options.system ?? '').trim();
	if (system && String(item.type).startsWith('command.') && String(item.system) !== system) {
		return `the command is not for system ${system}`;
	}
	return undefined;
}

export async function receiveWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const rawBody = request.rawBody as Buffer | undefined;
	if (!rawBody) {
		return refuse(
			this,
			401,
			'no_raw_body',
			'the request body could not be read to verify its signature',
		);
	}
	const state = triggerState(this.getWorkflowStaticData('node'));
	const credentials = await this.getCredentials('chronosApi');
	const secret = credentialSecret(credentials) ?? state.secret;
	const now = new Date();
	let verdict;
	try {
		verdict = verify(secret ? [secret] : [], this.getHeaderData(), rawBody, now);
	} catch (error) {
		// Only a malformed secret throws: the credential needs fixing, the sender is not at fault.
		return refuse(this, 500, 'invalid_secret', (error as Error).message);
	}
	if (!verdict.ok) return refuse(this, 401, verdict.reason, verdict.message);
	if (!rememberOnce(state, verdict.id, verdict.timestamp, Math.floor(now.getTime() / 1000))) {
		return refuse(this, 401, 'replayed', `the webhook-id ${verdict.id} was already received`);
	}

	let envelope: unknown;
	try {
		envelope = JSON.parse(rawBody.toString('utf8'));
	} catch {
		envelope = undefined;
	}
	if (!isEnvelope(envelope)) {
		return refuse(
			this,
			400,
			'invalid_payload',
			'the body is not a Chronos event (id, type, timestamp, data)',
		);
	}
	const item = outputItem(envelope);
	const events = this.getNodeParameter('events', []) as string[];
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const ignored = filteredOut(item, events, options);
	if (ignored) return { webhookResponse: { received: true, ignored } };
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
