import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import type { ResourceModule } from '../resources.ts';
import { IncidentList } from './IncidentList.tsx';
import { IncidentShow } from './IncidentShow.tsx';

export const securityIncidents: ResourceModule = {
  name: 'security-incidents',
  group: 'security',
  icon: ReportProblemIcon,
  list: IncidentList,
  show: IncidentShow,
  recordRepresentation: 'kind',
};
