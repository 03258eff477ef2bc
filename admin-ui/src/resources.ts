// Every resource page set of the console, in menu order. Each folder exports a
// ResourceModule (react-admin demo style: list, create, edit, show, icon).
import type { ComponentType } from 'react';
import { users } from './users/index.ts';

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

export const resources: ResourceModule[] = [users];
