// /settings: one card per integration. The API lets console viewers read settings (never
// secret values); only admins get inputs and save buttons.
import { Alert, Box, Stack, Typography } from '@mui/material';
import { Title, useCanAccess, useTranslate } from 'react-admin';
import { SETTING_FORMS } from './definitions.ts';
import { SettingCard } from './SettingCard.tsx';

export function SettingsPage() {
  const translate = useTranslate();
  const { canAccess: canEdit, isPending } = useCanAccess({ action: 'edit', resource: 'settings' });
  return (
    <Box sx={{ my: 2 }}>
      <Title title={translate('resources.settings.title')} />
      <Typography variant="body1" color="text.secondary" sx={{ mb: 2 }}>
        {translate('resources.settings.intro')}
      </Typography>
      {!isPending && !canEdit ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('chronos.read_only')}
        </Alert>
      ) : null}
      {isPending ? null : (
        <Stack spacing={2}>
          {SETTING_FORMS.map((form) => (
            <SettingCard key={form.id} form={form} canEdit={Boolean(canEdit)} />
          ))}
        </Stack>
      )}
    </Box>
  );
}
