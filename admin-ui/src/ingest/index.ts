import InputIcon from '@mui/icons-material/Input';
import type { CustomPage } from '../routes.tsx';
import { IngestPage } from './IngestPage.tsx';

export const ingestPage: CustomPage = {
  path: 'ingest',
  label: 'resources.ingest.menu',
  icon: InputIcon,
  group: 'operations',
  page: IngestPage,
};
