import OutboxIcon from '@mui/icons-material/Outbox';
import type { ResourceModule } from '../resources.ts';
import { OutboxList } from './OutboxList.tsx';
import { OutboxShow } from './OutboxShow.tsx';

export const outbox: ResourceModule = {
  name: 'outbox',
  group: 'delivery',
  icon: OutboxIcon,
  list: OutboxList,
  show: OutboxShow,
  recordRepresentation: 'event_type',
};
