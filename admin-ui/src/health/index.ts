// Host health and healing: two resources (detections, healing actions) and the health page
// that brings hosts, charts, open detections and recent actions together.
import HealingIcon from '@mui/icons-material/Healing';
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import type { ResourceModule } from '../resources.ts';
import type { CustomPage } from '../routes.tsx';
import { HealingActionCreate } from './HealingActionCreate.tsx';
import { HealingActionList } from './HealingActionList.tsx';
import { HealingActionShow } from './HealingActionShow.tsx';
import { HealthEventList } from './HealthEventList.tsx';
import { HealthEventShow } from './HealthEventShow.tsx';
import { HealthPage } from './HealthPage.tsx';

export const healthEvents: ResourceModule = {
  name: 'health-events',
  group: 'operations',
  icon: ReportProblemIcon,
  list: HealthEventList,
  show: HealthEventShow,
  recordRepresentation: 'kind',
};

export const healingActions: ResourceModule = {
  name: 'healing-actions',
  group: 'operations',
  icon: HealingIcon,
  list: HealingActionList,
  create: HealingActionCreate,
  show: HealingActionShow,
  recordRepresentation: 'action',
};

export const healthPage: CustomPage = {
  path: 'health',
  label: 'resources.health.menu',
  icon: MonitorHeartIcon,
  group: 'operations',
  page: HealthPage,
};
