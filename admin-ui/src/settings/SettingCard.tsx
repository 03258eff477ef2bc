// One integration: its form (PUT /settings/{id} with the whole value and the secrets as
// definitions.ts builds them), whether it was ever saved, and its connection test. Viewers
// see the values read-only and no save button.
import { Alert, Card, CardContent, Divider, LinearProgress, Stack, Typography } from '@mui/material';
import {
  SaveButton,
  SimpleForm,
  Toolbar,
  useGetOne,
  useNotify,
  useTranslate,
  useUpdate,
  type RaRecord,
} from 'react-admin';
import { useFormState } from 'react-hook-form';
import { toSettingBody, type SettingForm } from './definitions.ts';
import { SecretInput } from './SecretInput.tsx';
import { SettingField } from './SettingField.tsx';
import { SmtpTest } from './SmtpTest.tsx';
import { TelegramCheck } from './TelegramCheck.tsx';
import type { Setting } from './types.ts';

type HttpErrorLike = { message?: string; body?: { errors?: Record<string, string> } };

function ConnectionTest({ id }: { id: string }) {
  const { isDirty } = useFormState();
  if (id === 'smtp') return <SmtpTest dirty={isDirty} />;
  if (id === 'telegram') return <TelegramCheck dirty={isDirty} />;
  return null;
}

export function SettingCard({ form, canEdit }: { form: SettingForm; canEdit: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const { data, isPending, error } = useGetOne<Setting & RaRecord>('settings', { id: form.id });
  const [update] = useUpdate();
  const hasTest = canEdit && (form.id === 'smtp' || form.id === 'telegram');

  const save = async (values: Record<string, unknown>) => {
    try {
      await update(
        'settings',
        { id: form.id, data: toSettingBody(form, values), previousData: data },
        { mutationMode: 'pessimistic', returnPromise: true },
      );
      notify('resources.settings.saved', { type: 'success' });
    } catch (e) {
      const problem = e as HttpErrorLike;
      notify(problem.message ?? 'ra.notification.http_error', { type: 'error' });
      // Returned errors go under their fields (value.port, secrets.password).
      return problem.body?.errors ?? {};
    }
  };

  return (
    <Card
      variant="outlined"
      data-testid={`setting-${form.id}`}
      component="section"
      aria-labelledby={`setting-${form.id}-title`}
    >
      <CardContent sx={{ pb: 0 }}>
        <Typography variant="h6" component="h2" id={`setting-${form.id}-title`}>
          {translate(`resources.settings.sections.${form.id}.title`)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate(`resources.settings.sections.${form.id}.description`)}
        </Typography>
        {isPending ? <LinearProgress sx={{ mt: 2 }} /> : null}
        {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
        {data && !data.stored ? (
          <Alert severity="info" sx={{ mt: 1 }}>
            {translate('resources.settings.not_stored')}
          </Alert>
        ) : null}
        {data && !data.secrets_readable ? (
          <Alert severity="warning" sx={{ mt: 1 }}>
            {translate('resources.settings.unreadable')}
          </Alert>
        ) : null}
      </CardContent>
      {data ? (
        <SimpleForm
          // A new version (after a save) starts a fresh form: typed secrets are gone from memory.
          key={data.updated_at ?? 'defaults'}
          record={data}
          onSubmit={save}
          toolbar={
            canEdit ? (
              <Toolbar>
                <SaveButton />
              </Toolbar>
            ) : (
              false
            )
          }
        >
          <Stack sx={{ width: '100%', maxWidth: 720 }}>
            {form.fields.map((field) => (
              <SettingField key={field.name} setting={form.id} field={field} readOnly={!canEdit} />
            ))}
            {form.secrets.map((name) => (
              <SecretInput
                key={name}
                setting={form.id}
                name={name}
                isSet={Boolean(data.secrets[name]?.set)}
                readOnly={!canEdit}
              />
            ))}
          </Stack>
          {hasTest ? (
            <Stack sx={{ width: '100%' }} spacing={1}>
              <Divider />
              <Typography variant="subtitle1" component="h3">
                {translate('resources.settings.test.title')}
              </Typography>
              <ConnectionTest id={form.id} />
            </Stack>
          ) : null}
        </SimpleForm>
      ) : null}
    </Card>
  );
}
