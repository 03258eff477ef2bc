import SettingsIcon from '@mui/icons-material/Settings';
import type { CustomPage } from '../routes.tsx';
import { SettingsPage } from './SettingsPage.tsx';

export const settingsPage: CustomPage = {
  path: 'settings',
  label: 'resources.settings.menu',
  icon: SettingsIcon,
  group: 'operations',
  page: SettingsPage,
};
