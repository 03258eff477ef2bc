// What the whole-system suites need from the system under test: the part of the production
// topology (tests/helpers/topology.ts) that the workload, the faults and the reconciliation
// touch, as structural types, so the same code drives the real topology and the lighter
// stand-in (stand-in.ts: two admin-api processes on one database).
import type pg from 'pg';

/** One process the suites can kill and start again (tests/helpers/topology.ts ProcessHandle). */
export type ProcessHandle = {
  name: string;
  pid(): number | undefined;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
};

export type ApiReplica = ProcessHandle & { url: string };

/** n8n executions of one workflow since the run began, by status (n8n's execution_entity). */
export type ExecutionCounts = { total: number; byStatus: Record<string, number> };

export type SystemUnderTest = {
  /** The admin-api replicas, behind the emulated load balancer. */
  apis: ApiReplica[];
  /** To admin-api's database (reconciliation reads it directly). */
  pool: pg.Pool;
  /** An API key with scope `admin`. */
  adminKey: string;
  postgres?: ProcessHandle & { restartImmediate(): Promise<void> };
  redis?: ProcessHandle;
  n8n?: { worker: ProcessHandle };
  /** Executions of the ingest fan-out workflow (n8n-executions.ts implements it for the topology). */
  countExecutions?: (since: Date) => Promise<ExecutionCounts>;
  /** Every process, for memory sampling. */
  processes(): ProcessHandle[];
};
