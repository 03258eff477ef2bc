import PeopleIcon from '@mui/icons-material/People';
import type { ResourceModule } from '../resources.ts';
import { UserCreate } from './UserCreate.tsx';
import { UserEdit } from './UserEdit.tsx';
import { UserList } from './UserList.tsx';

export const users: ResourceModule = {
  name: 'users',
  group: 'security',
  icon: PeopleIcon,
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  recordRepresentation: 'email',
};
