// Reading node parameters the way the API wants them: comma-separated lists as arrays, JSON
// parameters as objects (with an error that names the parameter), resource locators as their
// value, and the `returnAll` / `limit` pair every getAll shares.
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** "a, b,,c " → ["a", "b", "c"]; arrays (from expressions) are accepted as they are. */
export function commaList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : String(value ?? '').split(',');
	return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

/** A comma-separated list of whole numbers (e.g. reminder offsets in minutes). */
export function numberList(
	this: IExecuteFunctions,
	name: string,
	value: unknown,
	itemIndex: number,
): number[] {
	return commaList(value).map((part) => {
		const number = Number(part);
		if (!Number.isInteger(number)) {
			throw new NodeOperationError(
				this.getNode(),
				`The parameter "${name}" must list whole numbers`,
				{
					description: `"${part}" is not a whole number. Example: 10, 60, 1440`,
					itemIndex,
				},
			);
		}
		return number;
	});
}

/**
 * A JSON parameter as an object. n8n hands `json` parameters over as text (or as an object
 * when an expression produced one); an empty value gives `fallback`.
 */
export function parseJsonParameter(
	this: IExecuteFunctions,
	name: string,
	value: unknown,
	itemIndex: number,
	fallback: IDataObject = {},
): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return fallback;
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `The parameter "${name}" is not valid JSON`, {
				description: (error as Error).message,
				itemIndex,
			});
		}
	}
	if (parsed === undefined || parsed === null) return fallback;
	if (typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), `The parameter "${name}" must be a JSON object`, {
			description: 'Write it as { "name": value, … }',
			itemIndex,
		});
	}
	return parsed as IDataObject;
}

/** Reads a JSON parameter of the node for one item (see parseJsonParameter). */
export function jsonParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: IDataObject = {},
): IDataObject {
	return parseJsonParameter.call(
		this,
		name,
		this.getNodeParameter(name, itemIndex, ''),
		itemIndex,
		fallback,
	);
}

/** A resource locator's value (an id), also when the workflow JSON holds a plain string. */
export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): string {
	return String(this.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '').trim();
}

/** Drops empty strings from a collection, so "not set" is not sent as "". */
export function withoutEmpty(fields: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(fields).filter(([, value]) => value !== '' && value !== undefined),
	);
}

/** The `returnAll` + `limit` parameters of a getAll operation. */
export function returnAllAndLimit(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** Reads `returnAll` and `limit` for one item. */
export function pagingOf(
	this: IExecuteFunctions,
	itemIndex: number,
): { returnAll: boolean; limit: number } {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : (this.getNodeParameter('limit', itemIndex, 50) as number);
	return { returnAll, limit };
}

/** A required id parameter (`id`, `eventId`, …), usually an expression over the input. */
export function idParameter(
	name: string,
	displayName: string,
	show: IDisplayOptions['show'],
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		description,
		displayOptions: { show },
	};
}

/** Reads a required text parameter, trimmed (ids from expressions often carry spaces). */
export function requiredText(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(this.getNode(), `The parameter "${name}" is required`, {
			itemIndex,
		});
	}
	return value;
}

/** `returnAll` / `limit` applied to an endpoint that answers with its whole (small) list. */
export function firstOf<T>(list: T[], paging: { returnAll: boolean; limit: number }): T[] {
	return paging.returnAll ? list : list.slice(0, Math.max(1, paging.limit));
}
