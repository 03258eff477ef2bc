// Modules that keep their own record of a command's progress, per target system: called with
// the command after every status change, inside the transaction that made it, so the record
// and the command can never disagree.
import type pg from 'pg';
import { mirrorHealingCommand } from '../healing/outcome.ts';
import type { CommandDto } from './schemas.ts';

type StatusHook = (client: pg.ClientBase, command: CommandDto) => Promise<void>;

const HOOKS: Record<string, StatusHook> = {
  // healing_actions mirror their HEALING command (running, succeeded/failed, output).
  HEALING: mirrorHealingCommand,
};

export async function runStatusHooks(client: pg.ClientBase, command: CommandDto): Promise<void> {
  const hook = Object.hasOwn(HOOKS, command.system) ? HOOKS[command.system] : undefined;
  if (hook) await hook(client, command);
}
