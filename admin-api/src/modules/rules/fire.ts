// The rules engine (SPEC 3.2): when a command reaches a status, every enabled rule whose
// trigger (system, action, status) matches creates its follow-up command, with params rendered
// from the rule's params_template over `{ command }` (the triggering command after the change:
// params, result, error = last_error, …). Runs inside the status change's transaction.
//
// Guards, each a refusal rather than an error:
//   - depth: the follow-up's chain_depth (parent's + 1) must not exceed the rule's max_depth;
//   - loop: a rule that already created a command in this chain (the command itself or any
//     ancestor through parent_command_id) does not fire again — A→B→A stops at the second A;
//   - template variables that do not exist (no blanks are sent);
//   - the follow-up must pass the whitelist like any command.
// A refused follow-up never rolls back the status change that triggered it: each creation runs
// under a savepoint, and the refusal is recorded as an audit row (entity command, the
// triggering command's id, action `rule.refused`, success false, details with rule and reason)
// which GET /api/v1/commands/{id} shows as `rule_refusals`.
//
// A follow-up reaches PENDING at its creation, so rules triggered by PENDING fire for it in
// turn (bounded by the same guards). Audit rows are returned, not appended: the caller appends
// them last in its transaction.
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import type { AuditEntry } from '../audit/repo.ts';
import { CommandRefused, insertNewCommand } from '../commands/insert.ts';
import { chainRuleIds } from '../commands/repo.ts';
import type { CommandDto } from '../commands/schemas.ts';
import { renderParamsTemplate } from './params-template.ts';
import type { RuleRow } from './repo.ts';

export type FiredRule = { rule_id: string; rule_name: string; command_id: string };
export type RefusedRule = { rule_id: string; rule_name: string; reason: string; errors: Record<string, string> };
export type RulesOutcome = { fired: FiredRule[]; refused: RefusedRule[]; audits: AuditEntry[] };

const isDatabaseError = (error: unknown): error is Error & { code: string } =>
  error instanceof Error && typeof (error as { code?: unknown }).code === 'string';

async function matchingRules(client: pg.ClientBase, command: CommandDto, status: string): Promise<RuleRow[]> {
  const result = await client.query<RuleRow>(
    `SELECT id, name, description, trigger_system, trigger_action, trigger_status, follow_system, follow_action,
            params_template, enabled, max_depth, created_at, updated_at
       FROM rules
      WHERE enabled AND trigger_system = $1 AND trigger_action = $2 AND trigger_status = $3
      ORDER BY name, id`,
    [command.system, command.action, status],
  );
  return result.rows;
}

/** Fires the rules for `command` (already in `newStatus`); returns what happened and the audit rows to append. */
export async function fireRules(
  client: pg.ClientBase,
  command: CommandDto,
  newStatus: string,
  actor: AuditActor,
): Promise<RulesOutcome> {
  const outcome: RulesOutcome = { fired: [], refused: [], audits: [] };
  const rules = await matchingRules(client, command, newStatus);
  if (rules.length === 0) return outcome;
  const chain = await chainRuleIds(client, command.id);

  for (const rule of rules) {
    const refuse = (reason: string, errors: Record<string, string> = {}) => {
      outcome.refused.push({ rule_id: rule.id, rule_name: rule.name, reason, errors });
      outcome.audits.push({
        ...actor,
        entity: 'command',
        entityId: command.id,
        action: 'rule.refused',
        success: false,
        riskScore: 10,
        details: {
          rule_id: rule.id,
          rule_name: rule.name,
          status: newStatus,
          follow_system: rule.follow_system,
          follow_action: rule.follow_action,
          reason,
          errors,
        },
      });
    };

    const depth = command.chain_depth + 1;
    if (depth > rule.max_depth) {
      refuse(`chain depth ${depth} would exceed the rule's max_depth ${rule.max_depth}`);
      continue;
    }
    if (chain.has(rule.id)) {
      refuse(`loop: rule "${rule.name}" already created a command earlier in this chain`);
      continue;
    }
    const rendered = renderParamsTemplate(rule.params_template, { ...command, error: command.last_error });
    if (rendered.missing.length > 0) {
      refuse(
        `the params template uses variables the command does not have: ${rendered.missing.join(', ')}`,
        Object.fromEntries(rendered.missing.map((m) => [`params_template.${m}`, 'is missing'])),
      );
      continue;
    }

    await client.query('SAVEPOINT rule_fire');
    try {
      const inserted = await insertNewCommand(
        client,
        {
          system: rule.follow_system,
          action: rule.follow_action,
          params: rendered.params,
          source: 'rule',
          sourceEventId: command.source_event_id,
          createdBy: actor.actorLabel,
          parentCommandId: command.id,
          ruleId: rule.id,
          chainDepth: depth,
        },
        actor,
      );
      // No idempotency key, so the insert cannot be skipped.
      const followUp = inserted!.command;
      const nested = await fireRules(client, followUp, followUp.status, actor);
      await client.query('RELEASE SAVEPOINT rule_fire');
      outcome.fired.push({ rule_id: rule.id, rule_name: rule.name, command_id: followUp.id }, ...nested.fired);
      outcome.refused.push(...nested.refused);
      outcome.audits.push(
        { ...inserted!.audit, details: { rule_id: rule.id, rule_name: rule.name, parent_command_id: command.id } },
        ...nested.audits,
      );
    } catch (error) {
      // Undo this follow-up only (its row, its messages); the status change stays.
      await client.query('ROLLBACK TO SAVEPOINT rule_fire');
      await client.query('RELEASE SAVEPOINT rule_fire');
      if (error instanceof CommandRefused) refuse(error.detail ?? error.message, error.errors ?? {});
      else if (isDatabaseError(error)) refuse(`the follow-up could not be created: ${error.message}`);
      else throw error;
    }
  }
  return outcome;
}
