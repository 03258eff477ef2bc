// Request/response shapes of /api/auth/* (single source for validation and OpenAPI).
import { z } from '../../openapi/zod.ts';
import { emailField, passwordField, ROLES } from '../users/schemas.ts';

export const loginBody = z
  .object({
    email: emailField,
    // No policy check here: the rule applies when a password is set, not when one is tried.
    password: z.string('is required').min(1, 'is required').max(1000, 'is too long'),
  })
  .openapi('Login');

export const sessionUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(ROLES),
    display_name: z.string().nullable(),
    must_change_password: z.boolean(),
  })
  .openapi('SessionUser');

export const loginResponse = z
  .object({
    token: z.string().openapi({ description: 'Send as `Authorization: Bearer <token>`' }),
    expires_at: z.iso.datetime(),
    user: sessionUserSchema,
  })
  .openapi('LoginResult');

export const sessionSchema = z
  .object({
    id: z.uuid(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    created_at: z.iso.datetime(),
    last_seen_at: z.iso.datetime().nullable(),
    expires_at: z.iso.datetime(),
    current: z.boolean().openapi({ description: 'The session of the token used for this request' }),
  })
  .openapi('Session');

export const revokedSchema = z.object({ revoked: z.number().int() }).openapi('RevokedSessions');

export const changePasswordBody = z
  .object({ current_password: z.string('is required').min(1, 'is required').max(1000), new_password: passwordField })
  .openapi('ChangePassword');

export const changePasswordResponse = z
  .object({ user: sessionUserSchema, revoked_sessions: z.number().int() })
  .openapi('PasswordChanged');

export const identity = z
  .object({
    type: z.enum(['api_key', 'user']),
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()).optional(),
    role: z.enum(ROLES).optional(),
    email: z.string().optional(),
    display_name: z.string().nullable().optional(),
    must_change_password: z.boolean().optional(),
    session_id: z.string().optional(),
  })
  .openapi('Identity');

export const sessionIdParams = z.object({ id: z.uuid('must be a UUID') });

export type SessionUser = z.infer<typeof sessionUserSchema>;
