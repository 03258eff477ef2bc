import DescriptionIcon from '@mui/icons-material/Description';
import type { ResourceModule } from '../resources.ts';
import { TemplateCreate } from './TemplateCreate.tsx';
import { TemplateEdit } from './TemplateEdit.tsx';
import { TemplateList } from './TemplateList.tsx';
import { TemplateShow } from './TemplateShow.tsx';

export const templates: ResourceModule = {
  name: 'templates',
  group: 'automation',
  icon: DescriptionIcon,
  list: TemplateList,
  create: TemplateCreate,
  edit: TemplateEdit,
  show: TemplateShow,
  recordRepresentation: 'name',
};
