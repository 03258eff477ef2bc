// Systems and actions a command may target: the enabled whitelist entries.
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { listRecords } from '../shared/paginate';

async function enabledEntries(
	this: ILoadOptionsFunctions,
	filter: IDataObject,
): Promise<IDataObject[]> {
	return await listRecords.call(this, {
		path: '/api/v1/whitelists',
		filter: { ...filter, enabled: true },
		sort: ['system', 'ASC'],
		returnAll: true,
		limit: 0,
	});
}

/** Every system with at least one enabled whitelist entry, by name. */
export async function getWhitelistedSystems(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const systems = new Set(
		(await enabledEntries.call(this, {})).map((entry) => String(entry.system)),
	);
	return [...systems].sort().map((system) => ({ name: system, value: system }));
}

/** The enabled actions of the system chosen in the `system` parameter. */
export async function getWhitelistedActions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const system = String(this.getCurrentNodeParameter('system') ?? '').trim();
	if (!system) return [];
	const entries = await enabledEntries.call(this, { system });
	return entries
		.map((entry) => ({
			name: String(entry.action),
			value: String(entry.action),
			...(entry.description ? { description: String(entry.description) } : {}),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
