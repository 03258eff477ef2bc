// Every resource folder's messages, in one list both locales draw from.
import type { Messages } from './merge.ts';
import { messages as common } from './common.ts';
import { messages as users } from '../users/i18n.ts';

export type ResourceMessages = { en: Messages; de: Messages };

export const resourceMessages: ResourceMessages[] = [common, users];
