import EventIcon from '@mui/icons-material/Event';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import type { ResourceModule } from '../resources.ts';
import type { CustomPage } from '../routes.tsx';
import { CalendarPage } from './CalendarPage.tsx';
import { EventCreate } from './EventCreate.tsx';
import { EventEdit } from './EventEdit.tsx';
import { EventList } from './EventList.tsx';
import { EventShow } from './EventShow.tsx';

export const events: ResourceModule = {
  name: 'events',
  group: 'planning',
  icon: EventIcon,
  list: EventList,
  create: EventCreate,
  edit: EventEdit,
  show: EventShow,
  recordRepresentation: 'title',
};

export const eventCalendarPage: CustomPage = {
  path: 'events-calendar',
  label: 'resources.events.calendar.menu',
  icon: CalendarMonthIcon,
  group: 'planning',
  page: CalendarPage,
};
