import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export type ChronosContext = IExecuteFunctions | ILoadOptionsFunctions;

export type ChronosRequest = {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with /api/… (segments already encoded: use `segment`). */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	headers?: IDataObject;
	/** Binary responses (backup download). */
	encoding?: 'arraybuffer' | 'json';
	timeout?: number;
	itemIndex?: number;
};

export type ChronosResponse<T> = { body: T; headers: Record<string, string>; statusCode: number };

/** Encodes one path segment (ids come from expressions and may contain anything). */
export function segment(value: unknown): string {
	return encodeURIComponent(String(value));
}

function baseUrlOf(credentials: IDataObject): string {
	return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
}

/**
 * The base URL, read once per node execution: n8n loads and decrypts the credential from its
 * database on every getCredentials call, which for 1,000 items was a third of the run time.
 * (httpRequestWithAuthentication still reads it per call for the API key, as n8n requires.)
 */
const baseUrls = new WeakMap<object, Promise<string>>();

export async function chronosBaseUrl(this: ChronosContext): Promise<string> {
	let baseUrl = baseUrls.get(this);
	if (!baseUrl) {
		baseUrl = this.getCredentials('chronosApi').then(baseUrlOf);
		baseUrls.set(this, baseUrl);
		// A failed read (credential missing) is not remembered.
		baseUrl.catch(() => baseUrls.delete(this));
	}
	return await baseUrl;
}

/**
 * The Chronos API's problem+json (`message`, field-keyed `errors`) as an n8n error that says
 * what to fix: the message first, each field with its own message in the description.
 */
export function chronosApiError(
	ctx: ChronosContext,
	statusCode: number,
	body: unknown,
	itemIndex?: number,
): NodeApiError {
	const problem = (
		body && typeof body === 'object' ? body : { message: String(body ?? '') }
	) as IDataObject;
	const errors = (problem.errors ?? {}) as Record<string, string>;
	const fields = Object.entries(errors).map(([field, message]) => `${field}: ${message}`);
	const message = String(
		problem.message ?? problem.detail ?? problem.title ?? `HTTP ${statusCode}`,
	);
	const extras: string[] = [];
	if (problem.missingScope)
		extras.push(`The API key needs the scope "${String(problem.missingScope)}".`);
	return new NodeApiError(ctx.getNode(), problem as JsonObject, {
		message: `Chronos: ${message}`,
		description: [...fields, ...extras].join('\n') || undefined,
		httpCode: String(statusCode),
		itemIndex,
	});
}

/**
 * One call to the Chronos API with the node's "Chronos API" credential. HTTP errors are turned
 * into NodeApiError carrying the API's own message and field errors (n8n's default would only
 * say "Bad request").
 */
export async function chronosRequest(
	this: ChronosContext,
	request: ChronosRequest,
): Promise<ChronosResponse<IDataObject>> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${await chronosBaseUrl.call(this)}${request.path}`,
		qs: request.qs,
		headers: { Accept: 'application/json', ...(request.headers ?? {}) },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeout ?? 60_000,
	};
	if (request.body !== undefined) {
		options.body = request.body;
		options.json = true;
	}
	if (request.encoding === 'arraybuffer') options.encoding = 'arraybuffer';
	else options.json = true;
	const response = (await this.helpers.httpRequestWithAuthentication.call(
		this,
		'chronosApi',
		options,
	)) as IN8nHttpFullResponse;
	let body: unknown = response.body;
	if (response.statusCode >= 400) {
		if (Buffer.isBuffer(body)) body = parseJson(body.toString('utf8'));
		throw chronosApiError(this, response.statusCode, body, request.itemIndex);
	}
	return {
		body: body as IDataObject,
		headers: response.headers as Record<string, string>,
		statusCode: response.statusCode,
	};
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return { message: text };
	}
}
