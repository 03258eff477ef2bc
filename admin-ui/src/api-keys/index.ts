import VpnKeyIcon from '@mui/icons-material/VpnKey';
import type { ResourceModule } from '../resources.ts';
import { ApiKeyCreate } from './ApiKeyCreate.tsx';
import { ApiKeyEdit } from './ApiKeyEdit.tsx';
import { ApiKeyList } from './ApiKeyList.tsx';
import { ApiKeyShow } from './ApiKeyShow.tsx';

export const apiKeys: ResourceModule = {
  name: 'api-keys',
  group: 'security',
  icon: VpnKeyIcon,
  list: ApiKeyList,
  create: ApiKeyCreate,
  edit: ApiKeyEdit,
  show: ApiKeyShow,
  recordRepresentation: 'name',
};
