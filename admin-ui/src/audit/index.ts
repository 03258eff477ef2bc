import HistoryIcon from '@mui/icons-material/History';
import type { ResourceModule } from '../resources.ts';
import { AuditList } from './AuditList.tsx';
import { AuditShow } from './AuditShow.tsx';

export const audit: ResourceModule = {
  name: 'audit',
  group: 'security',
  icon: HistoryIcon,
  list: AuditList,
  show: AuditShow,
  recordRepresentation: 'seq',
};
