// Request/response shapes of health evaluation, detections, healing actions and the reboot
// check (SPEC 3.7).
import { z } from '../../openapi/zod.ts';
import { hostName } from '../host-samples/schemas.ts';
import { HEALING_ACTIONS } from './actions.ts';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ACTION_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;

const instant = z.iso.datetime();
const filterInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1).max(100)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

export const healthEventSchema = z
  .object({
    id: z.uuid(),
    host: z.string(),
    kind: z.string(),
    severity: z.enum(SEVERITIES),
    metric: z
      .string()
      .nullable()
      .openapi({ description: 'The subject: service.n8n, gpu.0.temperature_c, disk./var, …' }),
    value: z.number().nullable(),
    threshold: z.number().nullable(),
    details: z.record(z.string(), z.unknown()),
    occurred_at: instant,
    last_seen_at: instant.nullable(),
    resolved_at: instant.nullable().openapi({ description: 'null while the condition persists' }),
  })
  .openapi('HealthEvent');

export const healingActionSchema = z
  .object({
    id: z.uuid(),
    host: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    params: z.record(z.string(), z.unknown()),
    reason: z.string().nullable(),
    health_event_id: z.uuid().nullable(),
    command_id: z.uuid().nullable(),
    status: z.enum(ACTION_STATUSES),
    dry_run: z.boolean(),
    outcome: z.string().nullable().openapi({
      description:
        'skipped: "<code>: <detail>" (cooldown, in_progress, max_attempts, host_rate_limit, …); finished: completed, dry_run or failed',
    }),
    output: z.string().nullable().openapi({ description: "The agent's output (or error)" }),
    requested_by: z.string().nullable(),
    requested_at: instant,
    finished_at: instant.nullable(),
    created_at: instant,
    updated_at: instant,
  })
  .openapi('HealingAction');

export const healthEventFilters = {
  host: oneOrMany(hostName),
  kind: oneOrMany(z.string().max(64)),
  severity: oneOrMany(z.enum(SEVERITIES, 'must be info, warning or critical')),
  open: z.boolean('must be true or false'),
  occurred_from: filterInstant,
  occurred_to: filterInstant.openapi({ description: 'exclusive' }),
};

const upper = z
  .string()
  .max(64)
  .transform((v) => v.toUpperCase());

export const healingActionFilters = {
  host: oneOrMany(hostName),
  action: oneOrMany(upper),
  status: oneOrMany(z.enum(ACTION_STATUSES)),
  target: z.string().max(4096),
  dry_run: z.boolean('must be true or false'),
  command_id: z.uuid(),
  health_event_id: z.uuid(),
  requested_from: filterInstant,
  requested_to: filterInstant.openapi({ description: 'exclusive' }),
};

export const evaluateBody = z
  .object({
    host: hostName.optional().openapi({ description: 'One host; omitted: every host with a recent sample' }),
    apply: z.boolean('must be true or false').default(true).openapi({
      description: 'false: only report what would be detected and decided; nothing is stored or queued',
    }),
    dry_run: z.boolean('must be true or false').default(false).openapi({
      description: 'true: store detections, record wanted actions as skipped (dry_run), queue nothing',
    }),
  })
  .openapi('HealthEvaluateInput');

const detectionResult = z.object({
  kind: z.string(),
  metric: z.string().nullable(),
  severity: z.enum(SEVERITIES),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
  state: z.enum(['new', 'ongoing', 'escalated']),
  event_id: z.uuid().nullable(),
});

const actionResult = z.object({
  action: z.string(),
  target: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  reason: z.string(),
  decision: z.enum(['queued', 'replayed', 'skipped', 'would_queue']).openapi({
    description: 'replayed: this situation was already acted on (same command); would_queue: apply=false',
  }),
  outcome: z.string().nullable(),
  recorded: z.boolean().openapi({ description: 'false for a skip that repeats the previous one (stored once)' }),
  command_id: z.uuid().nullable(),
  healing_action_id: z.uuid().nullable(),
});

export const hostEvaluationSchema = z.object({
  host: z.string(),
  samples: z.number().int(),
  latest_sample_at: instant.nullable(),
  skipped: z.string().nullable().openapi({ description: 'Why this host was not evaluated (no recent samples)' }),
  detections: z.array(detectionResult),
  resolved: z.array(z.object({ event_id: z.uuid().nullable(), kind: z.string(), metric: z.string().nullable() })),
  actions: z.array(actionResult),
});

export const evaluationSchema = z
  .object({
    evaluated_at: instant,
    applied: z.boolean(),
    dry_run: z.boolean(),
    hosts: z.array(hostEvaluationSchema),
  })
  .openapi('HealthEvaluation');

export const healingActionBody = z
  .object({
    host: hostName,
    action: z
      .string('is required')
      .transform((v) => v.trim().toUpperCase())
      .pipe(z.enum(HEALING_ACTIONS, `must be one of ${HEALING_ACTIONS.join(', ')}`)),
    params: z
      .record(z.string(), z.unknown(), 'must be an object')
      .default({})
      .openapi({ description: 'The action params without host: service, path, older_than_days, gpu, power_limit_w' }),
    dry_run: z
      .boolean('must be true or false')
      .default(false)
      .openapi({ description: 'Queued with dry_run: the agent reports what it would do and does nothing' }),
    reason: z.string('must be text').trim().max(2000, 'must be at most 2000 characters').optional(),
    idempotency_key: z.string('must be text').min(1).max(200, 'must be at most 200 characters').optional(),
  })
  .openapi('HealingActionInput');

export const healingActionResultSchema = healingActionSchema
  .extend({
    queued: z.boolean().openapi({ description: 'false: skipped — outcome says why' }),
    replayed: z.boolean().openapi({ description: 'true: the idempotency_key named an earlier request' }),
  })
  .openapi('HealingActionResult');

export const CHECK_NAMES = ['database_reachable', 'no_backup_running', 'reboot_rate', 'workflows_drained'] as const;

export const rebootCheckQuery = z.object({ host: hostName });

export const rebootCheckSchema = z
  .object({
    allowed: z.boolean(),
    checks: z.array(z.object({ name: z.enum(CHECK_NAMES), ok: z.boolean(), detail: z.string() })),
  })
  .openapi('RebootCheck');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export type HealthEventDto = z.infer<typeof healthEventSchema>;
export type HealingActionDto = z.infer<typeof healingActionSchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;
export type HostEvaluation = z.infer<typeof hostEvaluationSchema>;
export type ActionResult = z.infer<typeof actionResult>;
export type DetectionResult = z.infer<typeof detectionResult>;
export type HealingActionInput = z.infer<typeof healingActionBody>;
export type RebootCheck = z.infer<typeof rebootCheckSchema>;
