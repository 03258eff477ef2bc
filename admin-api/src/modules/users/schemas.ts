// Request/response shapes of /api/v1/users (single source for validation and OpenAPI).
// The password hash has no field here at all, so no response can carry it.
import { z } from '../../openapi/zod.ts';

export const ROLES = ['admin', 'viewer'] as const;

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    display_name: z.string().nullable(),
    role: z.enum(ROLES),
    must_change_password: z.boolean(),
    locked: z.boolean(),
    failed_attempts: z.number().int(),
    locked_until: z.iso.datetime().nullable(),
    last_login_at: z.iso.datetime().nullable(),
    last_login_ip: z.string().nullable(),
    password_changed_at: z.iso.datetime(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('User');

export const emailField = z
  .string('is required')
  .trim()
  .toLowerCase()
  .max(320, 'must be at most 320 characters')
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

// bcrypt only looks at the first 72 bytes: a longer password would silently be cut, so refuse it.
export const passwordField = z
  .string('is required')
  .min(1, 'is required')
  .refine((v) => Buffer.byteLength(v) <= 72, 'must be at most 72 bytes (bcrypt ignores the rest)');

const displayName = z.string().trim().max(200, 'must be at most 200 characters').nullish();
const role = z.enum(ROLES, 'must be admin or viewer');

export const createUserBody = z
  .object({
    email: emailField,
    display_name: displayName,
    role,
    password: passwordField,
    /** Default true: the admin who typed the password knows it, so the user should replace it. */
    must_change_password: z.boolean().default(true),
  })
  .openapi('CreateUser');

/** PUT carries the whole record; read-only fields (and any password) are ignored. */
export const updateUserBody = z.object({ email: emailField, display_name: displayName, role }).openapi('UpdateUser');

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const userFilters = { role };

export type UserDto = z.infer<typeof userSchema>;
export type CreateUserInput = z.infer<typeof createUserBody>;
export type UpdateUserInput = z.infer<typeof updateUserBody>;
