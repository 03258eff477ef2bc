import BackupIcon from '@mui/icons-material/Backup';
import type { ResourceModule } from '../resources.ts';
import { BackupList } from './BackupList.tsx';
import { BackupShow } from './BackupShow.tsx';

export const backups: ResourceModule = {
  name: 'backups',
  group: 'operations',
  icon: BackupIcon,
  list: BackupList,
  show: BackupShow,
};
