import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import type { ResourceModule } from '../resources.ts';
import { EventTemplateCreate } from './EventTemplateCreate.tsx';
import { EventTemplateEdit } from './EventTemplateEdit.tsx';
import { EventTemplateList } from './EventTemplateList.tsx';
import { EventTemplateShow } from './EventTemplateShow.tsx';

export const eventTemplates: ResourceModule = {
  name: 'event-templates',
  group: 'planning',
  icon: ContentCopyIcon,
  list: EventTemplateList,
  create: EventTemplateCreate,
  edit: EventTemplateEdit,
  show: EventTemplateShow,
  recordRepresentation: 'name',
};
