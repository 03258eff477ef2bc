import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/**
 * What one operation returns for one input item: JSON (one object or a list, each becoming an
 * output item) or complete output items (for binary data). The executor adds `pairedItem`.
 */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

export type Operation = {
	run(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
	/**
	 * Items are processed a few at a time by default (like n8n's HTTP Request node); an
	 * operation whose calls must not overlap across items (e.g. reordering one checklist) says so.
	 */
	sequential?: boolean;
};

/** One resource of the Chronos node: its parameters and the operations they select. */
export type ResourceModule = {
	description: INodeProperties[];
	operations: Record<string, Operation>;
};
