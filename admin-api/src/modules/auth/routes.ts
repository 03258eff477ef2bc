import { z } from '../../openapi/zod.ts';
import type { RouteHost } from '../../http/route.ts';
import { route } from '../../http/route.ts';

const identity = z
  .object({
    type: z.enum(['api_key', 'user']),
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()).optional(),
    role: z.enum(['admin', 'viewer']).optional(),
  })
  .openapi('Identity');

export function authRoutes(host: RouteHost): void {
  // Who am I: used by the n8n credential test and by the console after login.
  route(host, {
    method: 'get',
    path: '/api/auth/me',
    summary: 'The calling API key or console user',
    tag: 'auth',
    scope: 'authenticated',
    response: identity,
    handler: ({ principal }) =>
      principal.type === 'api_key'
        ? { type: 'api_key' as const, id: principal.id, name: principal.name, scopes: principal.scopes }
        : { type: 'user' as const, id: principal.id, name: principal.email, role: principal.role },
  });
}
