// Requesting one healing action by hand: pick a host that reports samples and an action of the
// HEALING whitelist, fill its params, confirm. The API may queue it (a HEALING command for the
// host's agent) or record it as skipped (cooldown, host policy, rate limit…); either way the
// show page tells which, and follows the command until the agent has finished it.
import { LinearProgress } from '@mui/material';
import {
  BooleanInput,
  Create,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  required,
  useGetList,
  useNotify,
  useRedirect,
} from 'react-admin';
import { ConfirmRequestButton } from './ConfirmRequestButton.tsx';
import { HealingParamsInputs, type HealingWhitelistEntry } from './HealingParamsInputs.tsx';
import { healingRequestBody, paramInputs, type HealingFormValues } from './healing-request.ts';

type Result = { id: string; queued: boolean; outcome: string | null };

export function HealingActionCreate() {
  const notify = useNotify();
  const redirect = useRedirect();
  const hosts = useGetList<{ id: string; host: string }>('health/hosts', {
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'host', order: 'ASC' },
  });
  const whitelist = useGetList<HealingWhitelistEntry>('whitelists', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'action', order: 'ASC' },
    filter: { system: 'HEALING', enabled: true },
  });
  const entries = whitelist.data ?? [];
  const transform = (values: HealingFormValues) =>
    healingRequestBody(values, paramInputs(entries.find((e) => e.action === values.action)?.params));
  return (
    <Create
      transform={transform}
      mutationOptions={{
        onSuccess: (result: Result) => {
          if (result.queued) notify('resources.healing-actions.queued', { type: 'success' });
          else
            notify('resources.healing-actions.skipped', {
              type: 'warning',
              messageArgs: { outcome: result.outcome ?? '' },
            });
          redirect('show', 'healing-actions', result.id);
        },
      }}
    >
      {hosts.isPending || whitelist.isPending ? <LinearProgress /> : null}
      <SimpleForm
        defaultValues={{ dry_run: false, params: {} }}
        toolbar={
          <Toolbar>
            <ConfirmRequestButton />
          </Toolbar>
        }
      >
        <SelectInput
          source="host"
          choices={(hosts.data ?? []).map((h) => ({ id: h.host, name: h.host }))}
          isPending={hosts.isPending}
          validate={required()}
        />
        <SelectInput
          source="action"
          choices={entries.map((e) => ({
            id: e.action,
            name: e.description ? `${e.action} — ${e.description}` : e.action,
          }))}
          isPending={whitelist.isPending}
          validate={required()}
        />
        <HealingParamsInputs entries={entries} />
        <BooleanInput source="dry_run" />
        <TextInput source="reason" multiline minRows={2} />
      </SimpleForm>
    </Create>
  );
}
