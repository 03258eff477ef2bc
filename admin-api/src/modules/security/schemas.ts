// Request/response shapes of /api/v1/security-incidents.
import { z } from '../../openapi/zod.ts';
import { SEVERITIES } from './repo.ts';

export const incidentSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().openapi({ example: 'brute_force' }),
    severity: z.enum(SEVERITIES),
    ip: z.string().nullable(),
    actor_type: z.string().nullable(),
    actor_id: z.string().nullable(),
    actor_label: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    occurred_at: z.iso.datetime(),
    /** True until an administrator acknowledges it. */
    open: z.boolean(),
    acknowledged_at: z.iso.datetime().nullable(),
    acknowledged_by: z.uuid().nullable(),
  })
  .openapi('SecurityIncident');

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(50)]);
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const incidentFilters = {
  kind: oneOrMany(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be an incident kind such as brute_force')),
  severity: oneOrMany(z.enum(SEVERITIES)),
  open: z.boolean('must be true or false'),
  ip: z.union([z.ipv4(), z.ipv6()], 'must be an IP address'),
  from: instant,
  to: instant,
};

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export type IncidentDto = z.infer<typeof incidentSchema>;
