// Waiting for long work (a backup run, a restore check): the API answers 202 with the record,
// whose id is the job id; we read the record until it leaves `running`, bounded by the node's
// `timeoutMinutes`. Polls start fast (short runs finish in seconds) and back off to 5 s.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { chronosRequest } from '../../shared/transport';

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 5_000;

export async function waitUntilFinished(
	this: IExecuteFunctions,
	options: { path: string; what: string; itemIndex: number },
): Promise<IDataObject> {
	const minutes = this.getNodeParameter('timeoutMinutes', options.itemIndex, 60) as number;
	const deadline = Date.now() + Math.max(0, minutes) * 60_000;
	let interval = FIRST_POLL_MS;
	for (;;) {
		const record = (
			await chronosRequest.call(this, {
				method: 'GET',
				path: options.path,
				itemIndex: options.itemIndex,
			})
		).body;
		if (record.status !== 'running') {
			if (record.status === 'failed') {
				throw new NodeOperationError(
					this.getNode(),
					`The ${options.what} failed: ${String(record.error ?? 'no reason given')}`,
					{ description: JSON.stringify(record), itemIndex: options.itemIndex },
				);
			}
			return record;
		}
		if (Date.now() + interval > deadline) {
			throw new NodeOperationError(
				this.getNode(),
				`The ${options.what} was still running after ${minutes} minutes`,
				{
					description: `It goes on in Chronos; read it later with its ID ${String(record.id)}. Raise "Timeout (Minutes)" to wait longer.`,
					itemIndex: options.itemIndex,
				},
			);
		}
		await sleep(interval);
		interval = Math.min(MAX_POLL_MS, interval * 2);
	}
}
