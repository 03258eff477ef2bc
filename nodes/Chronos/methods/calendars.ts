import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { listRecords } from '../shared/paginate';
import { searchPage } from './page';

const option = (calendar: { id?: unknown; name?: unknown }) => ({
	name:
		calendar.name && calendar.name !== calendar.id
			? `${String(calendar.name)} (${String(calendar.id)})`
			: String(calendar.id),
	value: String(calendar.id),
});

/** Calendars for a dropdown: name (id), by name. */
export async function getCalendars(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await listRecords.call(this, {
		path: '/api/v1/calendars',
		sort: ['name', 'ASC'],
		returnAll: true,
		limit: 0,
	});
	return rows.map(option);
}

/** Calendars for a resource locator; the filter searches name, description and id. */
export async function searchCalendars(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { rows, nextToken } = await searchPage.call(this, '/api/v1/calendars', {
		filter,
		sort: ['name', 'ASC'],
		paginationToken,
	});
	return { results: rows.map(option), paginationToken: nextToken };
}
