import TerminalIcon from '@mui/icons-material/Terminal';
import type { ResourceModule } from '../resources.ts';
import { CommandCreate } from './CommandCreate.tsx';
import { CommandList } from './CommandList.tsx';
import { CommandShow } from './CommandShow.tsx';

export const commands: ResourceModule = {
  name: 'commands',
  group: 'automation',
  icon: TerminalIcon,
  list: CommandList,
  create: CommandCreate,
  show: CommandShow,
  recordRepresentation: 'action',
};
