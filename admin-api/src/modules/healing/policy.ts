// The `healing` setting as the evaluator needs it, read on every evaluation (one small query),
// so a change in the console applies to the next evaluation with nothing to restart.
import type pg from 'pg';
import { getSetting } from '../settings/repo.ts';
import { healingPolicySchema, type HealingPolicy } from './policy-schema.ts';

export async function loadPolicy(db: pg.Pool | pg.ClientBase): Promise<HealingPolicy> {
  const row = await getSetting(db, 'healing');
  const parsed = healingPolicySchema.safeParse(row?.value ?? {});
  // A stored value is validated when saved; one that no longer parses (a field whose rules
  // tightened since) falls back to the SPEC's defaults rather than stopping all healing.
  return parsed.success ? parsed.data : healingPolicySchema.parse({});
}
