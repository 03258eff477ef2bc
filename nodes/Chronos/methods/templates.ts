import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { listRecords } from '../shared/paginate';
import { searchPage } from './page';

// "Event notification (email)": the type tells apart templates of the same name.
const option = (template: { id?: unknown; name?: unknown; type?: unknown }) => ({
	name: `${String(template.name)} (${String(template.type)})`,
	value: String(template.id),
});

/** Templates for a dropdown: name (type), by name. */
export async function getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await listRecords.call(this, {
		path: '/api/v1/templates',
		sort: ['name', 'ASC'],
		returnAll: true,
		limit: 0,
	});
	return rows.map(option);
}

/** Templates for a resource locator; the filter searches their name and description. */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { rows, nextToken } = await searchPage.call(this, '/api/v1/templates', {
		filter,
		sort: ['name', 'ASC'],
		paginationToken,
	});
	return { results: rows.map(option), paginationToken: nextToken };
}
