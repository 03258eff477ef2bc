// A HEALING command's progress, mirrored into its healing action in the transaction of the
// status change (commands/hooks.ts): claimed → running, COMPLETED → succeeded with the
// agent's output, FAILED (by the agent, an operator or a timeout) → failed with the error.
// The agent completes with { result: { output, dry_run, duration_ms } }.
import type pg from 'pg';
import type { CommandDto } from '../commands/schemas.ts';
import * as actions from './actions-repo.ts';

/** healing_actions.output holds at most 64 KiB (a runaway log must not bloat the row). */
const MAX_OUTPUT = 65_536;

function outputOf(result: unknown): string | null {
  if (result === null || result === undefined) return null;
  const output = typeof result === 'object' && 'output' in result ? (result as { output: unknown }).output : result;
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  return text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT - 15)}… (truncated)` : text;
}

const wasDryRun = (result: unknown) =>
  typeof result === 'object' && result !== null && (result as { dry_run?: unknown }).dry_run === true;

export async function mirrorHealingCommand(client: pg.ClientBase, command: CommandDto): Promise<void> {
  switch (command.status) {
    case 'PENDING':
      // Back in the queue after a timeout (max_retries 0 makes that rare) or a resend.
      return actions.mirrorCommand(client, command.id, {
        status: 'pending',
        outcome: null,
        output: command.last_error,
        finished: false,
      });
    case 'PROCESSING':
      return actions.mirrorCommand(client, command.id, {
        status: 'running',
        outcome: null,
        output: null,
        finished: false,
      });
    case 'COMPLETED':
      return actions.mirrorCommand(client, command.id, {
        status: 'succeeded',
        outcome: wasDryRun(command.result) ? 'dry_run' : 'completed',
        output: outputOf(command.result),
        finished: true,
      });
    case 'FAILED':
      return actions.mirrorCommand(client, command.id, {
        status: 'failed',
        outcome: 'failed',
        output: outputOf(command.last_error),
        finished: true,
      });
  }
}
