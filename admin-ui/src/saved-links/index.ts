import BookmarkIcon from '@mui/icons-material/Bookmark';
import type { ResourceModule } from '../resources.ts';
import { SavedLinkCreate } from './SavedLinkCreate.tsx';
import { SavedLinkEdit } from './SavedLinkEdit.tsx';
import { SavedLinkList } from './SavedLinkList.tsx';
import { SavedLinkShow } from './SavedLinkShow.tsx';

export const savedLinks: ResourceModule = {
  name: 'saved-links',
  group: 'planning',
  icon: BookmarkIcon,
  list: SavedLinkList,
  create: SavedLinkCreate,
  edit: SavedLinkEdit,
  show: SavedLinkShow,
  recordRepresentation: 'url',
};
