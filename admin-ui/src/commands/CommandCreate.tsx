// A new command: system and command picked from the whitelist, then one typed input per
// declared param. The server checks the whitelist again; its refusal shows under the fields.
import { Alert, LinearProgress } from '@mui/material';
import {
  AutocompleteInput,
  Create,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { useWhitelistCatalog } from '../whitelists/useWhitelistCatalog.ts';
import type { Catalog } from '../whitelists/catalog.ts';
import { paramsForCommand } from './params-json.ts';
import { ParamInputs } from './ParamInputs.tsx';

const DELIVERY_CHOICES = [
  { id: 'poll', name: 'resources.commands.delivery.poll' },
  { id: 'push', name: 'resources.commands.delivery.push' },
];

// FormDataConsumer re-renders the pickers as the system and command change.
function CommandPickers({ catalog }: { catalog: Catalog }) {
  return (
    <FormDataConsumer<{ system?: string; action?: string }>>
      {({ formData }) => (
        <>
          <AutocompleteInput source="system" choices={catalog.systems} validate={required()} />
          <AutocompleteInput
            source="action"
            choices={catalog.actionsOf(formData.system)}
            validate={required()}
            disabled={!formData.system}
          />
          <ParamInputs specs={catalog.paramsOf(formData.system, formData.action)} />
        </>
      )}
    </FormDataConsumer>
  );
}

export function CommandCreate() {
  const translate = useTranslate();
  const { catalog, isPending } = useWhitelistCatalog();
  const transform = (data: RaRecord) => ({
    system: data.system,
    action: data.action,
    params: paramsForCommand(catalog.paramsOf(data.system, data.action), data.params),
    idempotency_key: data.idempotency_key || null,
    max_retries: data.max_retries,
    timeout_seconds: data.timeout_seconds,
    delivery_mode: data.delivery_mode,
  });
  return (
    <Create mutationMode="pessimistic" redirect="show" transform={transform}>
      {isPending ? <LinearProgress /> : null}
      {!isPending && catalog.systems.length === 0 ? (
        <Alert severity="info">{translate('resources.commands.no_whitelist')}</Alert>
      ) : null}
      <SimpleForm defaultValues={{ max_retries: 3, timeout_seconds: 300, delivery_mode: 'poll', params: {} }}>
        <CommandPickers catalog={catalog} />
        <TextInput source="idempotency_key" helperText="resources.commands.help.idempotency_key" />
        <NumberInput source="max_retries" min={0} max={100} step={1} />
        <NumberInput source="timeout_seconds" min={1} max={86400} step={1} />
        <SelectInput source="delivery_mode" choices={DELIVERY_CHOICES} validate={required()} />
      </SimpleForm>
    </Create>
  );
}
