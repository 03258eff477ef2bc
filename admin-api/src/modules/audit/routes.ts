import type { RouteHost } from '../../http/route.ts';

// Scaffold: the routes of this resource are being written.
export function auditRoutes(_host: RouteHost): void {}
