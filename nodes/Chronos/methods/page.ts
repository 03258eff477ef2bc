// One page of a list endpoint for the editor's searchable lists: `paginationToken` is the
// offset of the next page, handed back while the total (Content-Range) is not reached.
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { chronosRequest } from '../shared/transport';

export const SEARCH_PAGE = 100;

export async function searchPage(
	this: ILoadOptionsFunctions,
	path: string,
	options: { filter?: string; sort: [string, 'ASC' | 'DESC']; paginationToken?: string },
): Promise<{ rows: IDataObject[]; nextToken?: string }> {
	const start = Number(options.paginationToken ?? 0) || 0;
	const qs: IDataObject = {
		range: JSON.stringify([start, start + SEARCH_PAGE - 1]),
		sort: JSON.stringify(options.sort),
	};
	if (options.filter?.trim()) qs.filter = JSON.stringify({ q: options.filter.trim() });
	const page = await chronosRequest.call(this, { method: 'GET', path, qs });
	const rows = (Array.isArray(page.body) ? page.body : []) as IDataObject[];
	const total = Number(/\/(\d+)\s*$/.exec(page.headers['content-range'] ?? '')?.[1] ?? 0);
	const next = start + rows.length;
	return { rows, nextToken: rows.length > 0 && next < total ? String(next) : undefined };
}
