import AccountTreeIcon from '@mui/icons-material/AccountTree';
import type { ResourceModule } from '../resources.ts';
import { WorkflowInstallList } from './WorkflowInstallList.tsx';

export const workflowInstalls: ResourceModule = {
  name: 'workflow-installs',
  group: 'operations',
  icon: AccountTreeIcon,
  list: WorkflowInstallList,
  recordRepresentation: 'name',
};
