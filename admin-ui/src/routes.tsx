// Pages that are not a list/CRUD resource (settings, health…): each folder exports a
// CustomPage; App mounts them as routes and the menu lists them in their group.
import type { ComponentType, ReactElement } from 'react';
import { Route } from 'react-router-dom';
import type { MenuGroup } from './resources.ts';
import { healthPage } from './health/index.ts';
import { ingestPage } from './ingest/index.ts';
import { eventCalendarPage } from './events/index.ts';
import { settingsPage } from './settings/index.ts';

export type CustomPage = {
  /** Route path without the leading slash, e.g. `settings`. */
  path: string;
  /** i18n key of the menu label. */
  label: string;
  icon: ComponentType;
  group: MenuGroup;
  page: ComponentType;
};

export const customPages: CustomPage[] = [eventCalendarPage, healthPage, ingestPage, settingsPage];

export const customRoutes: ReactElement[] = customPages.map(({ path, page: Page }) => (
  <Route key={path} path={`/${path}`} element={<Page />} />
));
