import type { IDataObject } from 'n8n-workflow';
import { chronosRequest, type ChronosContext, type ChronosResponse } from './transport';

/** The API's largest page (ra-data-simple-rest ranges). */
export const MAX_PAGE = 1000;

export type ListOptions = {
	path: string;
	/** `filter` object (JSON-encoded into the query), as the API's list endpoints take it. */
	filter?: IDataObject;
	sort?: [string, 'ASC' | 'DESC'];
	/** Other query parameters (for endpoints that are not ra-data-simple-rest lists). */
	qs?: IDataObject;
	returnAll: boolean;
	limit: number;
	itemIndex?: number;
};

// "items 0-24/319" gives 319; "items */0" gives 0.
function totalOf(contentRange: string | undefined): number | undefined {
	const match = /\/(\d+)\s*$/.exec(contentRange ?? '');
	return match ? Number(match[1]) : undefined;
}

/**
 * Reads a list endpoint page by page (`range=[start,end]`, total from Content-Range) until
 * `limit` records, or all of them when `returnAll` is set.
 */
export async function listRecords(
	this: ChronosContext,
	options: ListOptions,
): Promise<IDataObject[]> {
	const wanted = options.returnAll ? Infinity : Math.max(1, options.limit);
	const records: IDataObject[] = [];
	let start = 0;
	for (;;) {
		const size = Math.min(MAX_PAGE, wanted - records.length);
		const qs: IDataObject = {
			...(options.qs ?? {}),
			range: JSON.stringify([start, start + size - 1]),
		};
		if (options.filter && Object.keys(options.filter).length > 0)
			qs.filter = JSON.stringify(options.filter);
		if (options.sort) qs.sort = JSON.stringify(options.sort);
		const page = (await chronosRequest.call(this, {
			method: 'GET',
			path: options.path,
			qs,
			itemIndex: options.itemIndex,
		})) as ChronosResponse<unknown>;
		const rows = Array.isArray(page.body) ? (page.body as IDataObject[]) : [];
		records.push(...rows);
		const total = totalOf(page.headers['content-range']);
		start += rows.length;
		if (rows.length < size || records.length >= wanted || (total !== undefined && start >= total))
			break;
	}
	return records;
}
