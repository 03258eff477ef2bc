import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { Operation, OperationResult } from './types';

/** Calls in flight at once for operations that allow it (n8n's HTTP Request node sends all). */
export const CONCURRENCY = 8;

function isExecutionData(value: unknown): value is INodeExecutionData {
	return typeof value === 'object' && value !== null && 'json' in value;
}

function toItems(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const item = isExecutionData(entry) ? entry : { json: entry as IDataObject };
		return { ...item, pairedItem: { item: itemIndex } };
	});
}

function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const e = error as { message?: string; description?: string; httpCode?: string };
	return {
		json: {
			error: e.message ?? String(error),
			...(e.description ? { description: e.description } : {}),
			...(e.httpCode ? { httpCode: e.httpCode } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * Runs one operation for every input item, keeping output order and pairing, with n8n's
 * "continue on fail" (a failed item becomes an item with `error`) and a bounded number of
 * requests in flight.
 */
export async function runForEachItem(
	this: IExecuteFunctions,
	operation: Operation,
): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	const results: INodeExecutionData[][] = new Array(count);
	let failed = false;
	const runOne = async (itemIndex: number) => {
		try {
			results[itemIndex] = toItems(await operation.run.call(this, itemIndex), itemIndex);
		} catch (error) {
			if (this.continueOnFail()) {
				results[itemIndex] = [errorItem(error, itemIndex)];
				return;
			}
			failed = true;
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	};
	const width = operation.sequential ? 1 : CONCURRENCY;
	let next = 0;
	const worker = async () => {
		// After a failure (without continue on fail) no further item is started.
		while (next < count && !failed) await runOne(next++);
	};
	await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
	return [results.flat()];
}
