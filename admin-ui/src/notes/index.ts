import StickyNote2Icon from '@mui/icons-material/StickyNote2';
import type { ResourceModule } from '../resources.ts';
import { NoteCreate } from './NoteCreate.tsx';
import { NoteEdit } from './NoteEdit.tsx';
import { NoteList } from './NoteList.tsx';
import { NoteShow } from './NoteShow.tsx';

export const notes: ResourceModule = {
  name: 'notes',
  group: 'planning',
  icon: StickyNote2Icon,
  list: NoteList,
  create: NoteCreate,
  edit: NoteEdit,
  show: NoteShow,
};
