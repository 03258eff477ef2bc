// Backups of Chronos (SPEC 3.6): start one (optionally waiting for it), read, verify the stored
// archive, check that it restores, apply retention, and download the archive as binary data.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import {
	idParameter,
	pagingOf,
	requiredText,
	returnAllAndLimit,
	withoutEmpty,
} from '../../shared/parameters';
import { listRecords } from '../../shared/paginate';
import { chronosRequest, segment } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';
import { waitUntilFinished } from './wait';

const showFor = (...operation: string[]) => ({ resource: ['backup'], operation });
const backupPath = (id: string) => `/api/v1/backups/${segment(id)}`;

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['backup'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a backup',
				description: 'Start a backup run',
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download a backup',
				description: 'Get the archive (ZIP) as binary data',
			},
			{ name: 'Get', value: 'get', action: 'Get a backup' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many backups' },
			{
				name: 'Prune',
				value: 'prune',
				action: 'Prune backups',
				description: 'Apply the retention of the backup setting (daily, weekly, monthly)',
			},
			{
				name: 'Restore Check',
				value: 'restoreCheck',
				action: 'Check that a backup restores',
				description: 'Restore into a scratch database and run the integrity checks',
			},
			{
				name: 'Verify',
				value: 'verify',
				action: 'Verify a backup',
				description: "Re-read the stored archive and check its and every file's SHA-256",
			},
		],
		default: 'create',
	},
	idParameter(
		'id',
		'Backup ID',
		showFor('get', 'verify', 'restoreCheck', 'download'),
		'The ID (UUID) of the backup',
	),
	{
		displayName: 'Kind',
		name: 'kind',
		type: 'options',
		displayOptions: { show: showFor('create') },
		options: [
			{ name: 'Manual', value: 'manual' },
			{ name: 'Daily', value: 'daily' },
			{ name: 'Weekly', value: 'weekly' },
			{ name: 'Monthly', value: 'monthly' },
		],
		default: 'manual',
		description: 'What retention counts the backup as',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		displayOptions: { show: showFor('create', 'restoreCheck') },
		default: false,
		description:
			'Whether to wait until the run has finished (a failed run fails the item); otherwise output the running record at once',
	},
	{
		displayName: 'Timeout (Minutes)',
		name: 'timeoutMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		displayOptions: { show: { ...showFor('create', 'restoreCheck'), waitForCompletion: [true] } },
		default: 60,
		description: 'How long to wait at most; the run goes on in Chronos after that',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		displayOptions: { show: showFor('prune') },
		default: true,
		description: 'Whether to only list what would be deleted',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		displayOptions: { show: showFor('download') },
		default: 'data',
		hint: 'The name of the output binary field to put the archive in',
	},
	...returnAllAndLimit(showFor('getAll')),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: showFor('getAll') },
		options: [
			{
				displayName: 'Kind',
				name: 'kind',
				type: 'options',
				options: [
					{ name: 'Daily', value: 'daily' },
					{ name: 'Manual', value: 'manual' },
					{ name: 'Monthly', value: 'monthly' },
					{ name: 'Weekly', value: 'weekly' },
				],
				default: 'manual',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Completed', value: 'completed' },
					{ name: 'Deleted', value: 'deleted' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Running', value: 'running' },
				],
				default: 'completed',
			},
		],
	},
];

/** "attachment; filename="chronos-….zip"" → the file name, when there is one. */
function fileNameOf(disposition: string | undefined): string | undefined {
	return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1];
}

export const backup: ResourceModule = {
	description,
	operations: {
		create: {
			async run(itemIndex) {
				const body = { kind: this.getNodeParameter('kind', itemIndex, 'manual') as string };
				const started = (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/backups',
						body,
						itemIndex,
					})
				).body;
				if (!this.getNodeParameter('waitForCompletion', itemIndex, false)) return started;
				return await waitUntilFinished.call(this, {
					path: backupPath(String(started.id)),
					what: 'backup',
					itemIndex,
				});
			},
			// One backup runs at a time (a second start is a 409): items go one after the other.
			sequential: true,
		},
		get: {
			async run(itemIndex) {
				const path = backupPath(requiredText.call(this, 'id', itemIndex));
				return (await chronosRequest.call(this, { method: 'GET', path, itemIndex })).body;
			},
		},
		getAll: {
			async run(itemIndex) {
				const filter = withoutEmpty(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
				return await listRecords.call(this, {
					path: '/api/v1/backups',
					filter,
					sort: ['started_at', 'DESC'],
					...pagingOf.call(this, itemIndex),
					itemIndex,
				});
			},
		},
		verify: {
			async run(itemIndex) {
				const path = `${backupPath(requiredText.call(this, 'id', itemIndex))}/verify`;
				return (
					await chronosRequest.call(this, { method: 'POST', path, itemIndex, timeout: 30 * 60_000 })
				).body;
			},
		},
		restoreCheck: {
			async run(itemIndex) {
				const path = `${backupPath(requiredText.call(this, 'id', itemIndex))}/restore-check`;
				const started = (await chronosRequest.call(this, { method: 'POST', path, itemIndex })).body;
				if (!this.getNodeParameter('waitForCompletion', itemIndex, false)) return started;
				return await waitUntilFinished.call(this, {
					path: `/api/v1/backup-restores/${segment(started.id)}`,
					what: 'restore check',
					itemIndex,
				});
			},
			sequential: true,
		},
		prune: {
			async run(itemIndex) {
				const body = { dry_run: this.getNodeParameter('dryRun', itemIndex, true) as boolean };
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/backups/prune',
						body,
						itemIndex,
					})
				).body;
			},
			sequential: true,
		},
		download: {
			async run(itemIndex) {
				const id = requiredText.call(this, 'id', itemIndex);
				const property = requiredText.call(this, 'binaryPropertyName', itemIndex);
				const response = await chronosRequest.call(this, {
					method: 'GET',
					path: `${backupPath(id)}/download`,
					headers: { Accept: 'application/zip' },
					encoding: 'arraybuffer',
					timeout: 30 * 60_000,
					itemIndex,
				});
				const buffer = Buffer.from(response.body as unknown as ArrayBuffer);
				const fileName =
					fileNameOf(response.headers['content-disposition']) ?? `chronos-backup-${id}.zip`;
				const binary = await this.helpers.prepareBinaryData(buffer, fileName, 'application/zip');
				return [
					{ json: { id, fileName, size_bytes: buffer.length }, binary: { [property]: binary } },
				];
			},
		},
	},
};
