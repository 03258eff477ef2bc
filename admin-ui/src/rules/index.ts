import RuleIcon from '@mui/icons-material/Rule';
import type { ResourceModule } from '../resources.ts';
import { RuleCreate } from './RuleCreate.tsx';
import { RuleEdit } from './RuleEdit.tsx';
import { RuleList } from './RuleList.tsx';

export const rules: ResourceModule = {
  name: 'rules',
  group: 'automation',
  icon: RuleIcon,
  list: RuleList,
  create: RuleCreate,
  edit: RuleEdit,
  recordRepresentation: 'name',
};
