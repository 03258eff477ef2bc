// Dropdown and search lists the editor loads from Chronos (templates, calendars, whitelisted
// systems), so authors pick existing things instead of typing ids.
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getCalendars, searchCalendars } from './calendars';
import { getTemplates, searchTemplates } from './templates';
import { getWhitelistedActions, getWhitelistedSystems } from './whitelist';

export const loadOptions: Record<
	string,
	(this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>
> = {
	getCalendars,
	getTemplates,
	getWhitelistedSystems,
	getWhitelistedActions,
};

export const listSearch: Record<
	string,
	(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	) => Promise<INodeListSearchResult>
> = {
	searchCalendars,
	searchTemplates,
};
