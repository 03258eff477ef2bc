// POST /api/v1/events/from-template/{id}: an event from an event template — its title,
// duration, attendees, tags, mode, reminders and checklist — with any field overridden by the
// request. The merged record goes through the same validation as a plain create, so errors
// name the same fields.
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { notFound, validationProblem } from '../../http/problem.ts';
import { z } from '../../openapi/zod.ts';
import { getEventTemplate } from '../event-templates/repo.ts';
import { insertChecklist } from '../sub-tasks/repo.ts';
import { eventBody } from './schemas.ts';
import { createEvent } from './service.ts';

export const fromTemplateBody = z
  .object({
    start_at: z.string('is required: an ISO 8601 date-time with an offset'),
    end_at: z.string().optional().openapi({ description: "default: start_at + the template's duration" }),
  })
  .catchall(z.unknown())
  .openapi({ description: 'start_at, plus any event field to override the template' });

export async function createFromTemplate(
  pool: pg.Pool,
  templateId: string,
  overrides: z.infer<typeof fromTemplateBody>,
  actor: AuditActor,
) {
  const template = await getEventTemplate(pool, templateId);
  if (!template) throw notFound(`no event template with id ${templateId}`);
  const start = new Date(overrides.start_at);
  const end = Number.isNaN(start.getTime())
    ? undefined
    : new Date(start.getTime() + template.duration_minutes * 60_000).toISOString();
  const merged = {
    calendar_id: template.calendar_id ?? undefined,
    title: template.title,
    description: template.description,
    event_type: template.event_type,
    location: template.location,
    attendees: template.attendees,
    tags: template.tags,
    mode: template.mode,
    reminder_offsets: template.reminder_offsets,
    source: 'template',
    end_at: end,
    ...overrides,
  };
  const parsed = eventBody.safeParse(merged);
  if (!parsed.success) throw validationProblem(parsed.error, 'body');
  return createEvent(pool, parsed.data, actor, {
    templateId,
    afterInsert: async (client, id) => {
      await insertChecklist(client, id, template.checklist);
    },
  });
}
