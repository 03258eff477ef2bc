// Every resource page set of the console, in menu order. Each folder exports a
// ResourceModule (react-admin demo style: list, create, edit, show, icon).
import type { ComponentType } from 'react';
import { users } from './users/index.ts';
import { commands } from './commands/index.ts';
import { whitelists } from './whitelists/index.ts';
import { rules } from './rules/index.ts';
import { subscriptions } from './subscriptions/index.ts';
import { outbox } from './outbox/index.ts';
import { backups } from './backups/index.ts';
import { apiKeys } from './api-keys/index.ts';
import { audit } from './audit/index.ts';
import { securityIncidents } from './security-incidents/index.ts';
import { templates } from './templates/index.ts';
import { healingActions, healthEvents } from './health/index.ts';
import { workflowInstalls } from './workflow-installs/index.ts';
import { events } from './events/index.ts';
import { calendars } from './calendars/index.ts';
import { eventTemplates } from './event-templates/index.ts';
import { notes } from './notes/index.ts';
import { savedLinks } from './saved-links/index.ts';

export const MENU_GROUPS = ['planning', 'automation', 'delivery', 'operations', 'security'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

export type ResourceModule = {
  /** The admin-api resource path under /api/v1 (also react-admin's resource name). */
  name: string;
  group: MenuGroup;
  icon: ComponentType;
  list?: ComponentType;
  create?: ComponentType;
  edit?: ComponentType;
  show?: ComponentType;
  recordRepresentation?: string;
};

export const resources: ResourceModule[] = [
  events,
  calendars,
  eventTemplates,
  notes,
  savedLinks,
  commands,
  whitelists,
  rules,
  subscriptions,
  outbox,
  users,
  healthEvents,
  healingActions,
  workflowInstalls,
  templates,
  backups,
  apiKeys,
  audit,
  securityIncidents,
];
