// The real topology (tests/helpers/topology.ts) as the system under the whole-system suites:
// what it starts, plus the n8n execution counter for the ingest fan-out workflow, and the
// admin-api settings a single load generator needs.
import { startTopology, type Topology } from '../helpers/topology.ts';
import { n8nExecutionCounter } from './n8n-executions.ts';
import type { SystemUnderTest } from './system.ts';

/**
 * The load generator is one client address holding one admin key; production's per-address
 * (300/min) and per-key (1000/min) limits would refuse the offered load itself, and n8n (one
 * address, one key) would be throttled by them too. Both are raised; the limiter (shared through
 * Redis, with its in-memory fallback) still runs on every request.
 */
export const LOAD_API_ENV = {
  RATE_LIMIT_PER_IP: '1000000000',
  RATE_LIMIT_PER_KEY: '1000000000',
  INGEST_RATE_LIMIT_PER_IP: '1000000000',
};

export type LoadTopology = { topology: Topology; system: SystemUnderTest; stop(): Promise<void> };

export async function startLoadTopology(
  options: { log?: (line: string) => void; apiEnv?: Record<string, string> } = {},
): Promise<LoadTopology> {
  const topology = await startTopology({ log: options.log, apiEnv: { ...LOAD_API_ENV, ...options.apiEnv } });
  const workflowId = topology.n8n.workflowIds['ingest-fan-out'];
  if (!workflowId) {
    await topology.stop();
    throw new Error('the topology has no ingest-fan-out workflow');
  }
  const executions = n8nExecutionCounter(topology.n8nDbUrl, workflowId);
  return {
    topology,
    system: { ...topology, countExecutions: (since) => executions.count(since) },
    async stop() {
      await executions.close();
      await topology.stop();
    },
  };
}
