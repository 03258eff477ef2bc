import {
  DateField,
  Labeled,
  NumberField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  ListButton,
} from 'react-admin';
import { Stack } from '@mui/material';
import { CommandHistory } from './CommandHistory.tsx';
import { CommandStatusChip } from './CommandStatusChip.tsx';
import { JsonField } from './JsonField.tsx';
import { OperatorActionButtons } from './OperatorActionButton.tsx';
import { RuleRefusals } from './RuleRefusals.tsx';

function Actions() {
  return (
    <TopToolbar>
      <ListButton />
      <OperatorActionButtons />
    </TopToolbar>
  );
}

export function CommandShow() {
  return (
    <Show actions={<Actions />}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="resources.commands.tabs.summary">
          <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
            <Labeled source="status">
              <CommandStatusChip />
            </Labeled>
            <Labeled>
              <TextField source="system" />
            </Labeled>
            <Labeled>
              <TextField source="action" />
            </Labeled>
            <Labeled>
              <TextField source="delivery_mode" />
            </Labeled>
            <Labeled>
              <TextField source="source" />
            </Labeled>
          </Stack>
          <Labeled source="params">
            <JsonField source="params" />
          </Labeled>
          <Labeled source="result">
            <JsonField source="result" />
          </Labeled>
          <TextField source="last_error" emptyText="—" />
          <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
            <Labeled>
              <NumberField source="attempts" />
            </Labeled>
            <Labeled>
              <NumberField source="max_retries" />
            </Labeled>
            <Labeled>
              <NumberField source="timeout_seconds" />
            </Labeled>
            <Labeled>
              <TextField source="claimed_by" emptyText="—" />
            </Labeled>
          </Stack>
          <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
            <Labeled>
              <DateField source="created_at" showTime />
            </Labeled>
            <Labeled>
              <DateField source="available_at" showTime />
            </Labeled>
            <Labeled>
              <DateField source="claimed_at" showTime emptyText="—" />
            </Labeled>
            <Labeled>
              <DateField source="completed_at" showTime emptyText="—" />
            </Labeled>
            <Labeled>
              <DateField source="failed_at" showTime emptyText="—" />
            </Labeled>
          </Stack>
          <TextField source="idempotency_key" emptyText="—" />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="resources.commands.tabs.history">
          <CommandHistory />
          <Labeled source="rule_refusals" fullWidth>
            <RuleRefusals />
          </Labeled>
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
