// Every resource folder's messages, in one list both locales draw from.
import type { Messages } from './merge.ts';
import { messages as common } from './common.ts';
import { messages as account } from '../account/i18n.ts';
import { messages as users } from '../users/i18n.ts';
import { messages as commands } from '../commands/i18n.ts';
import { messages as whitelists } from '../whitelists/i18n.ts';
import { messages as rules } from '../rules/i18n.ts';
import { messages as subscriptions } from '../subscriptions/i18n.ts';
import { messages as outbox } from '../outbox/i18n.ts';
import { messages as backups } from '../backups/i18n.ts';
import { messages as apiKeys } from '../api-keys/i18n.ts';
import { messages as audit } from '../audit/i18n.ts';
import { messages as securityIncidents } from '../security-incidents/i18n.ts';
import { messages as templates } from '../templates/i18n.ts';
import { messages as settings } from '../settings/i18n.ts';
import { messages as dashboard } from '../dashboard/i18n.ts';
import { messages as health } from '../health/i18n.ts';
import { messages as ingest } from '../ingest/i18n.ts';
import { messages as workflowInstalls } from '../workflow-installs/i18n.ts';
import { messages as events } from '../events/i18n.ts';
import { messages as calendars } from '../calendars/i18n.ts';
import { messages as eventTemplates } from '../event-templates/i18n.ts';
import { messages as notes } from '../notes/i18n.ts';
import { messages as savedLinks } from '../saved-links/i18n.ts';

export type ResourceMessages = { en: Messages; de: Messages };

export const resourceMessages: ResourceMessages[] = [
  common,
  account,
  users,
  commands,
  whitelists,
  rules,
  subscriptions,
  outbox,
  events,
  calendars,
  eventTemplates,
  notes,
  savedLinks,
  dashboard,
  health,
  ingest,
  workflowInstalls,
  templates,
  settings,
  backups,
  apiKeys,
  audit,
  securityIncidents,
];
