// Request/response shapes of /api/v1/events/{eventId}/sub-tasks: an event's checklist.
// Positions are 0-based and dense (0..n-1); they change only through create (insert at a
// position), delete (the ones after close the gap) and reorder, never through PUT.
import { z } from '../../openapi/zod.ts';

/** At most this many sub-tasks per event (the checklist is returned whole, unpaginated). */
export const MAX_SUB_TASKS = 500;

export const subTaskSchema = z
  .object({
    id: z.uuid(),
    event_id: z.uuid(),
    position: z.number().int().openapi({ description: '0-based, dense: 0..n-1' }),
    text: z.string(),
    notes: z.string().nullable(),
    completed: z.boolean(),
    completed_at: z.iso.datetime().nullable().openapi({ description: 'Set when ticked, cleared when unticked' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('SubTask');

/** The event's progress after the change (the same object the event record carries). */
export const progressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  all_done: z.boolean(),
});

export const subTaskChangeSchema = z.object({ sub_task: subTaskSchema, progress: progressSchema });
export const subTasksChangeSchema = z.object({ sub_tasks: z.array(subTaskSchema), progress: progressSchema });

const text = z.string('is required').trim().min(1, 'is required').max(1000, 'must be at most 1000 characters');

/** Optional text where '' means "none" (forms send empty strings for cleared inputs). */
const notes = z
  .string('must be text')
  .max(10_000, 'must be at most 10000 characters')
  .nullish()
  .transform((v) => (v === '' || v === undefined ? null : v));

export const subTaskCreateBody = z
  .object({
    text,
    notes,
    completed: z.boolean('must be true or false').default(false),
    position: z
      .number('must be a number')
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .nullish()
      .transform((v) => v ?? null)
      .openapi({
        description: '0-based place to insert at (the ones from there on move down); omitted = append',
      }),
  })
  .openapi('SubTaskInput');

/** PUT carries the whole record; read-only fields (id, position, dates) are ignored. */
export const subTaskUpdateBody = z
  .object({ text, notes, completed: z.boolean('must be true or false') })
  .openapi('SubTaskUpdate');

export const reorderBody = z
  .object({
    ids: z
      .array(z.uuid('must be a UUID'), 'must be a list of sub-task ids')
      .max(MAX_SUB_TASKS, `must list at most ${MAX_SUB_TASKS} ids`)
      .openapi({ description: "The complete new order: each of the event's sub-task ids exactly once" }),
  })
  .openapi('SubTaskReorder');

export const eventParams = z.object({ eventId: z.uuid('must be a UUID') });
export const subTaskParams = z.object({ eventId: z.uuid('must be a UUID'), id: z.uuid('must be a UUID') });

export type SubTaskDto = z.infer<typeof subTaskSchema>;
export type Progress = z.infer<typeof progressSchema>;
export type SubTaskCreateInput = z.infer<typeof subTaskCreateBody>;
export type SubTaskUpdateInput = z.infer<typeof subTaskUpdateBody>;
