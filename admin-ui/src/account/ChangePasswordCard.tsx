// Change your own password (POST /api/auth/change-password). The server checks the rule and
// the history and answers with field-keyed errors, which the form shows under the inputs by
// returning them from onSubmit; the other sessions end, this one stays.
import { Card, CardContent, CardHeader, Alert } from '@mui/material';
import { Form, PasswordInput, SaveButton, required, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { readSession, saveSession, type SessionUser } from '../providers/session.ts';
import { submissionErrors } from './submission-errors.ts';

type Values = { current_password: string; new_password: string; confirm_password: string };

export function ChangePasswordCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const mustChange = readSession()?.user.must_change_password ?? false;

  const submit = async (values: Partial<Values>) => {
    if (values.new_password !== values.confirm_password)
      return { confirm_password: translate('chronos.account.mismatch') };
    try {
      const result = await dataProvider.call<{ user: SessionUser; revoked_sessions: number }>(
        'POST',
        '/api/auth/change-password',
        { current_password: values.current_password, new_password: values.new_password },
      );
      const session = readSession();
      if (session) saveSession({ ...session, user: result.user });
      notify('chronos.account.changed', { type: 'success', messageArgs: { smart_count: result.revoked_sessions } });
      return undefined;
    } catch (error) {
      const errors = submissionErrors(error);
      if (errors) return errors;
      notify((error as Error).message, { type: 'error' });
      return undefined;
    }
  };

  return (
    <Card sx={{ mb: 2 }}>
      <CardHeader title={translate('chronos.account.change_password')} />
      <CardContent>
        {mustChange ? (
          <Alert severity="warning" sx={{ mb: 2 }} data-testid="must-change-password">
            {translate('chronos.account.must_change')}
          </Alert>
        ) : null}
        <Form onSubmit={submit}>
          <PasswordInput
            source="current_password"
            label="chronos.account.current_password"
            validate={required()}
            autoComplete="current-password"
            fullWidth
          />
          <PasswordInput
            source="new_password"
            label="chronos.account.new_password"
            helperText="chronos.account.rule"
            validate={required()}
            autoComplete="new-password"
            fullWidth
          />
          <PasswordInput
            source="confirm_password"
            label="chronos.account.confirm_password"
            validate={required()}
            autoComplete="new-password"
            fullWidth
          />
          <SaveButton label="chronos.account.change_password" />
        </Form>
      </CardContent>
    </Card>
  );
}
