// Every resource folder's messages, in one list both locales draw from.
import type { Messages } from './merge.ts';
import { messages as common } from './common.ts';
import { messages as account } from '../account/i18n.ts';
import { messages as users } from '../users/i18n.ts';
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

export const resourceMessages: ResourceMessages[] = [common, account, users, events, calendars, eventTemplates, notes, savedLinks, dashboard, health, ingest, workflowInstalls, templates, settings];
