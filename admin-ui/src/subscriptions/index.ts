import WebhookIcon from '@mui/icons-material/Webhook';
import type { ResourceModule } from '../resources.ts';
import { SubscriptionCreate } from './SubscriptionCreate.tsx';
import { SubscriptionEdit } from './SubscriptionEdit.tsx';
import { SubscriptionList } from './SubscriptionList.tsx';

export const subscriptions: ResourceModule = {
  name: 'subscriptions',
  group: 'delivery',
  icon: WebhookIcon,
  list: SubscriptionList,
  create: SubscriptionCreate,
  edit: SubscriptionEdit,
  recordRepresentation: 'url',
};
