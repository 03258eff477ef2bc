// Host health and self-healing (SPEC 3.7): push an agent's sample, evaluate the health rules
// (detections and the healing actions they call for), ask for one healing action, list hosts.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { jsonParameter, requiredText } from '../../shared/parameters';
import { listRecords } from '../../shared/paginate';
import { chronosRequest } from '../../shared/transport';
import type { ResourceModule } from '../../shared/types';

const showFor = (...operation: string[]) => ({ resource: ['health'], operation });

/** The HEALING whitelist (migrations/0020): what the Chronos agent can do on a host. */
const HEALING_ACTIONS = [
	[
		'Clean Disk',
		'CLEAN_DISK',
		'Delete old files in one of the agent’s cleanup paths (params: path, older_than_days)',
	],
	[
		'Reboot',
		'REBOOT',
		'Reboot the host (only when the agent allows it and the reboot check passes)',
	],
	['Reset GPU', 'RESET_GPU', 'Reset a GPU (params: gpu)'],
	['Restart Service', 'RESTART_SERVICE', 'Restart one of the agent’s services (params: service)'],
	['Start Service', 'START_SERVICE', 'Start one of the agent’s services (params: service)'],
	['Stop Service', 'STOP_SERVICE', 'Stop one of the agent’s services (params: service)'],
	['Throttle GPU', 'THROTTLE_GPU', 'Lower a GPU’s power limit (params: gpu, power_limit_w)'],
	['Vacuum Analyze', 'VACUUM_ANALYZE', 'Run VACUUM ANALYZE on the database the agent knows'],
].map(([name, value, description]) => ({ name, value, description }));

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['health'] } },
		options: [
			{
				name: 'Evaluate',
				value: 'evaluate',
				action: 'Evaluate host health',
				description:
					'Run the health rules on the newest samples: detections and the healing actions they call for',
			},
			{
				name: 'Get Hosts',
				value: 'getHosts',
				action: 'Get the monitored hosts',
				description: 'Every host with its newest sample and its age',
			},
			{
				name: 'Record Sample',
				value: 'recordSample',
				action: 'Record a health sample',
				description: 'Store one metric sample of a host, as the Chronos agent sends it',
			},
			{
				name: 'Request Healing Action',
				value: 'requestHealingAction',
				action: 'Request a healing action',
				description:
					'Ask the agent of a host for one whitelisted action (cooldowns and rate limits apply)',
			},
		],
		default: 'evaluate',
	},
	{
		displayName: 'Sample',
		name: 'sample',
		type: 'json',
		required: true,
		default: '{}',
		description:
			'The sample as JSON: host, taken_at, cpu, memory, disks, gpus, services, … (see the agent contract)',
		displayOptions: { show: showFor('recordSample') },
	},
	{
		displayName: 'Host',
		name: 'host',
		type: 'string',
		default: '',
		placeholder: 'e.g. gpu-01',
		description: 'The host to evaluate; empty: every host with a recent sample',
		displayOptions: { show: showFor('evaluate') },
	},
	{
		displayName: 'Apply',
		name: 'apply',
		type: 'boolean',
		default: true,
		description:
			'Whether to store the detections and queue the actions; off: only report what would happen',
		displayOptions: { show: showFor('evaluate') },
	},
	{
		displayName: 'Host',
		name: 'host',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. gpu-01',
		description: 'The host whose agent carries out the action',
		displayOptions: { show: showFor('requestHealingAction') },
	},
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: HEALING_ACTIONS,
		default: 'RESTART_SERVICE',
		displayOptions: { show: showFor('requestHealingAction') },
	},
	{
		displayName: 'Params',
		name: 'params',
		type: 'json',
		default: '{}',
		description: 'The action’s parameters without the host, e.g. { "service": "n8n" }',
		displayOptions: { show: showFor('requestHealingAction') },
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: 'Why the action is wanted (kept with the action)',
		displayOptions: { show: showFor('requestHealingAction') },
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to do nothing real: evaluation records wanted actions as skipped; the agent reports what an action would do',
		displayOptions: { show: showFor('evaluate', 'requestHealingAction') },
	},
];

export const health: ResourceModule = {
	description,
	operations: {
		recordSample: {
			async run(itemIndex) {
				const body = jsonParameter.call(this, 'sample', itemIndex);
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/health/samples',
						body,
						itemIndex,
					})
				).body;
			},
		},
		evaluate: {
			async run(itemIndex) {
				const host = String(this.getNodeParameter('host', itemIndex, '') ?? '').trim();
				const body: IDataObject = {
					apply: this.getNodeParameter('apply', itemIndex, true) as boolean,
					dry_run: this.getNodeParameter('dryRun', itemIndex, false) as boolean,
				};
				if (host) body.host = host;
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/health/evaluate',
						body,
						itemIndex,
					})
				).body;
			},
			// Evaluations of the same hosts would race for the same detections: one at a time.
			sequential: true,
		},
		requestHealingAction: {
			async run(itemIndex) {
				const body: IDataObject = {
					host: requiredText.call(this, 'host', itemIndex),
					action: requiredText.call(this, 'action', itemIndex),
					params: jsonParameter.call(this, 'params', itemIndex),
					dry_run: this.getNodeParameter('dryRun', itemIndex, false) as boolean,
				};
				const reason = String(this.getNodeParameter('reason', itemIndex, '') ?? '').trim();
				if (reason) body.reason = reason;
				return (
					await chronosRequest.call(this, {
						method: 'POST',
						path: '/api/v1/healing-actions',
						body,
						itemIndex,
					})
				).body;
			},
			sequential: true,
		},
		getHosts: {
			async run(itemIndex) {
				return await listRecords.call(this, {
					path: '/api/v1/health/hosts',
					returnAll: true,
					limit: 0,
					itemIndex,
				});
			},
		},
	},
};
