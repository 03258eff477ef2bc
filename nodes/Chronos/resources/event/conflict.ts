// auto_plan events that collide are refused by the API with a 409 problem carrying
// `conflicts` (what they collide with) and `suggestions` (free slots). The node's `onConflict`
// decides: fail the item, output the suggestions as data, or write again at the first slot.
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { chronosRequest } from '../../shared/transport';

type ConflictProblem = {
	conflicts: IDataObject[];
	suggestions: Array<{ start_at: string; end_at: string }>;
};

/** The 409 problem of a refused auto_plan placement, or undefined for any other error. */
function conflictOf(error: unknown): ConflictProblem | undefined {
	if (!(error instanceof NodeApiError) || error.httpCode !== '409') return undefined;
	const problem = error.errorResponse as JsonObject | undefined;
	if (!problem || !Array.isArray(problem.suggestions)) return undefined;
	return {
		conflicts: (Array.isArray(problem.conflicts) ? problem.conflicts : []) as IDataObject[],
		suggestions: problem.suggestions as ConflictProblem['suggestions'],
	};
}

/** NodeApiError hands back an error that already is one (the request's own, unchanged). */
const asApiError = (ctx: IExecuteFunctions, error: unknown) =>
	new NodeApiError(ctx.getNode(), error as JsonObject);

/** POSTs an event body (create or upsert), applying the item's `onConflict` choice to a 409. */
export async function writeEvent(
	this: IExecuteFunctions,
	itemIndex: number,
	path: string,
	body: IDataObject,
): Promise<IDataObject> {
	const post = async (eventBody: IDataObject) =>
		(await chronosRequest.call(this, { method: 'POST', path, body: eventBody, itemIndex })).body;
	try {
		return await post(body);
	} catch (error) {
		const conflict = conflictOf(error);
		const policy = this.getNodeParameter('onConflict', itemIndex, 'fail') as string;
		if (!conflict || policy === 'fail') throw asApiError(this, error);
		if (policy === 'returnSuggestions') {
			return { conflict: true, suggestions: conflict.suggestions, conflicts: conflict.conflicts };
		}
		const slot = conflict.suggestions[0];
		// No free slot within the planning horizon: nothing to move to, so the refusal stands.
		if (!slot) throw asApiError(this, error);
		const duration = Date.parse(String(body.end_at)) - Date.parse(String(body.start_at));
		const start = Date.parse(slot.start_at);
		return await post({
			...body,
			start_at: new Date(start).toISOString(),
			end_at: new Date(start + duration).toISOString(),
		});
	}
}
