import {
  BooleanField,
  BooleanInput,
  DatagridConfigurable,
  DateField,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  TextField,
  TextInput,
  useTranslate,
} from 'react-admin';
import { EmptyState } from '../layout/EmptyState.tsx';
import { useRowClick } from '../layout/useRowClick.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="trigger_system" source="trigger_system" />,
  <BooleanInput key="enabled" source="enabled" />,
];

export function RuleList() {
  const rowClick = useRowClick('rules');
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} empty={<EmptyState resource="rules" />}>
      <DatagridConfigurable rowClick={rowClick} bulkActionButtons={false}>
        <TextField source="name" />
        <FunctionField
          source="trigger_system"
          label="resources.rules.when"
          render={(r) =>
            `${r.trigger_system}/${r.trigger_action} → ${translate(`resources.commands.statuses.${r.trigger_status}`)}`
          }
        />
        <FunctionField
          source="follow_system"
          label="resources.rules.then"
          render={(r) => `${r.follow_system}/${r.follow_action}`}
        />
        <BooleanField source="enabled" />
        <NumberField source="max_depth" />
        <DateField source="updated_at" showTime />
      </DatagridConfigurable>
    </List>
  );
}
