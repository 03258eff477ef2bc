// url, event types (known ones offered, others may be typed), description, active. The API
// checks the URL and each type; its errors show under these inputs.
import {
  AutocompleteArrayInput,
  BooleanInput,
  SimpleForm,
  TextInput,
  required,
  useRecordContext,
  type Toolbar,
} from 'react-admin';
import type { ComponentProps, ReactElement } from 'react';
import { eventTypeChoices } from './event-types.ts';

export function SubscriptionForm({ toolbar }: { toolbar?: ReactElement<ComponentProps<typeof Toolbar>> }) {
  const record = useRecordContext<{ event_types?: string[] }>();
  const choices = eventTypeChoices(record?.event_types);
  return (
    <SimpleForm defaultValues={{ active: true, event_types: [] }} toolbar={toolbar}>
      <TextInput source="url" validate={required()} fullWidth helperText="resources.subscriptions.help.url" />
      <AutocompleteArrayInput
        source="event_types"
        choices={choices}
        validate={required()}
        onCreate={(text) => (text ? { id: text.trim(), name: text.trim() } : undefined)}
        createItemLabel="resources.subscriptions.add_event_type"
        helperText="resources.subscriptions.help.event_types"
        fullWidth
      />
      <TextInput source="description" multiline fullWidth />
      <BooleanInput source="active" />
    </SimpleForm>
  );
}

/** Form values → the PUT body (the API ignores read-only fields, but send only what it takes). */
export function subscriptionBody(data: {
  url: string;
  event_types: string[];
  description?: string | null;
  active: boolean;
}) {
  return { url: data.url, event_types: data.event_types, description: data.description || null, active: data.active };
}
