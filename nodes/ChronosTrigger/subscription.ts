// The trigger's subscription in Chronos (/api/v1/subscriptions, scope workflows.manage):
// registered for the workflow's production webhook URL on activation, checked on every
// start of n8n, deleted on deactivation. What the node must remember between those calls
// (the subscription id, the secret it generated) lives in the node's static data.
import { createHash } from 'node:crypto';
import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { generateSecret } from '../../shared/standard-webhooks';

const SUBSCRIPTIONS = '/api/v1/subscriptions';

/** What the trigger keeps in `getWorkflowStaticData('node')`. */
export type TriggerState = {
	subscriptionId?: string;
	/** The secret the node generated (only when the credential has none). */
	secret?: string;
	/**
	 * Fingerprint of the credential's secret the subscription was registered with, so a changed
	 * credential secret re-registers (Chronos never shows a secret again to compare with).
	 */
	secretFingerprint?: string;
	/** Recently accepted webhook-ids with their timestamps (replay protection). */
	seen?: Array<[string, number]>;
};

export function triggerState(data: IDataObject): TriggerState {
	return data as TriggerState;
}

type Subscription = {
	id: string;
	url: string;
	event_types: string[];
	active: boolean;
	secret: string;
};

function fingerprint(secret: string): string {
	return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** The signing secret the credential sets, if any (it wins over a generated one). */
export function credentialSecret(credentials: IDataObject): string | undefined {
	const secret = String(credentials.webhookSecret ?? '').trim();
	return secret === '' ? undefined : secret;
}

async function call(
	ctx: IHookFunctions,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	qs?: IDataObject,
): Promise<{ statusCode: number; body: unknown }> {
	const credentials = await ctx.getCredentials('chronosApi');
	const base = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'chronosApi', {
		method,
		url: `${base}${path}`,
		qs,
		body,
		json: true,
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 30_000,
	})) as IN8nHttpFullResponse;
	return { statusCode: response.statusCode, body: response.body };
}

/** Chronos's problem+json as an n8n error that keeps its message and the missing scope. */
function apiError(ctx: IHookFunctions, statusCode: number, body: unknown): NodeApiError {
	const problem = (
		body && typeof body === 'object' ? body : { message: String(body ?? '') }
	) as IDataObject;
	const message = String(
		problem.message ?? problem.detail ?? problem.title ?? `HTTP ${statusCode}`,
	);
	const errors = Object.entries((problem.errors ?? {}) as Record<string, string>).map(
		([field, text]) => `${field}: ${text}`,
	);
	if (problem.missingScope)
		errors.push(`The API key needs the scope "${String(problem.missingScope)}".`);
	return new NodeApiError(ctx.getNode(), problem as JsonObject, {
		message: `Chronos: ${message}`,
		description: errors.join('\n') || undefined,
		httpCode: String(statusCode),
	});
}

function sameTypes(a: string[], b: string[]): boolean {
	const left = [...new Set(a)].sort();
	const right = [...new Set(b)].sort();
	return left.length === right.length && left.every((type, i) => type === right[i]);
}

function webhookUrlOf(ctx: IHookFunctions): string {
	return ctx.getNodeWebhookUrl('default') as string;
}

function selectedEvents(ctx: IHookFunctions): string[] {
	return ctx.getNodeParameter('events', []) as string[];
}

/**
 * True when the stored subscription still exists in Chronos with this URL and these event
 * types, is active, and was registered with the secret the node will verify with. Anything
 * else makes n8n call `create`, which re-registers (an upsert by URL) and repairs it.
 */
export async function subscriptionExists(this: IHookFunctions): Promise<boolean> {
	const state = triggerState(this.getWorkflowStaticData('node'));
	if (!state.subscriptionId) return false;
	const credentials = await this.getCredentials('chronosApi');
	const secret = credentialSecret(credentials);
	if (secret ? state.secretFingerprint !== fingerprint(secret) : !state.secret) return false;

	const response = await call(
		this,
		'GET',
		`${SUBSCRIPTIONS}/${encodeURIComponent(state.subscriptionId)}`,
	);
	if (response.statusCode === 404) return false;
	if (response.statusCode >= 400) throw apiError(this, response.statusCode, response.body);
	const subscription = response.body as Subscription;
	return (
		subscription.url === webhookUrlOf(this) &&
		subscription.active &&
		sameTypes(subscription.event_types, selectedEvents(this))
	);
}

/**
 * Registers (or re-registers: Chronos upserts by URL) the webhook URL for the selected
 * event types. The node always sends the secret: the credential's, or one it generates —
 * so it knows the secret even when the URL was registered before (an upsert without a
 * secret would keep an old one that the node cannot read back).
 */
export async function createSubscription(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const state = triggerState(data);
	const credentials = await this.getCredentials('chronosApi');
	const fromCredential = credentialSecret(credentials);
	const secret = fromCredential ?? generateSecret();
	const workflow = this.getWorkflow();
	const response = await call(this, 'POST', SUBSCRIPTIONS, {
		url: webhookUrlOf(this),
		event_types: selectedEvents(this),
		description: `n8n workflow "${workflow.name ?? workflow.id ?? ''}" (Chronos Trigger)`,
		active: true,
		secret,
	});
	if (response.statusCode >= 400) throw apiError(this, response.statusCode, response.body);
	const subscription = response.body as Subscription;
	state.subscriptionId = subscription.id;
	if (fromCredential) {
		delete state.secret;
		state.secretFingerprint = fingerprint(fromCredential);
	} else {
		state.secret = secret;
		delete state.secretFingerprint;
	}
	return true;
}

/** Ids of the subscriptions registered for this URL (when the static data was lost). */
async function idsForUrl(ctx: IHookFunctions, url: string): Promise<string[]> {
	const response = await call(ctx, 'GET', SUBSCRIPTIONS, undefined, {
		filter: JSON.stringify({ url }),
		range: JSON.stringify([0, 99]),
	});
	if (response.statusCode >= 400) throw apiError(ctx, response.statusCode, response.body);
	return (response.body as Subscription[]).map((subscription) => subscription.id);
}

/**
 * Deletes the subscription (already gone counts as deleted) and forgets it. Without a stored
 * id it deletes whatever is registered for this webhook URL, so nothing keeps delivering to
 * a workflow that is off.
 */
export async function deleteSubscription(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const state = triggerState(data);
	const ids = state.subscriptionId
		? [state.subscriptionId]
		: await idsForUrl(this, webhookUrlOf(this));
	for (const id of ids) {
		const response = await call(this, 'DELETE', `${SUBSCRIPTIONS}/${encodeURIComponent(id)}`);
		if (response.statusCode >= 400 && response.statusCode !== 404) {
			throw apiError(this, response.statusCode, response.body);
		}
	}
	delete state.subscriptionId;
	delete state.secret;
	delete state.secretFingerprint;
	delete state.seen;
	return true;
}
