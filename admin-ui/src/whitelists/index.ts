import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import type { ResourceModule } from '../resources.ts';
import { WhitelistCreate } from './WhitelistCreate.tsx';
import { WhitelistEdit } from './WhitelistEdit.tsx';
import { WhitelistList } from './WhitelistList.tsx';

export const whitelists: ResourceModule = {
  name: 'whitelists',
  group: 'automation',
  icon: PlaylistAddCheckIcon,
  list: WhitelistList,
  create: WhitelistCreate,
  edit: WhitelistEdit,
  recordRepresentation: 'action',
};
