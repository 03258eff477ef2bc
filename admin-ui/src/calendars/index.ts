import EventNoteIcon from '@mui/icons-material/EventNote';
import type { ResourceModule } from '../resources.ts';
import { CalendarCreate } from './CalendarCreate.tsx';
import { CalendarEdit } from './CalendarEdit.tsx';
import { CalendarList } from './CalendarList.tsx';
import { CalendarShow } from './CalendarShow.tsx';

export const calendars: ResourceModule = {
  name: 'calendars',
  group: 'planning',
  icon: EventNoteIcon,
  list: CalendarList,
  create: CalendarCreate,
  edit: CalendarEdit,
  show: CalendarShow,
  recordRepresentation: 'name',
};
