// A write-only secret: the stored value is never sent to the browser (the API answers
// {"set": true|false}), so the input starts empty and says whether a value is stored. Typing
// replaces it, leaving it empty keeps it, "Remove" marks it for deletion on save.
import { Box, Button, Chip, Stack } from '@mui/material';
import { PasswordInput, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { CLEAR_SECRET, isClearMarker } from './definitions.ts';

type Props = { setting: string; name: string; isSet: boolean; readOnly: boolean };

export function SecretInput({ setting, name, isSet, readOnly }: Props) {
  const translate = useTranslate();
  const source = `secrets.${name}`;
  const form = useFormContext();
  const current = useWatch({ name: source });
  const removing = isClearMarker(current);
  const helper = removing
    ? 'resources.settings.secret.will_remove'
    : isSet
      ? 'resources.settings.secret.set'
      : 'resources.settings.secret.not_set';
  return (
    <Stack direction="row" spacing={1} alignItems="flex-start" data-secret={name}>
      <Box sx={{ flex: 1 }}>
        <PasswordInput
          source={source}
          label={`resources.settings.sections.${setting}.secrets.${name}`}
          // Whatever the form holds that is not typed text ({set}, the remove marker) shows empty.
          format={(value: unknown) => (typeof value === 'string' ? value : '')}
          helperText={helper}
          autoComplete="new-password"
          disabled={removing || readOnly}
        />
      </Box>
      <Chip
        size="small"
        sx={{ mt: 2 }}
        color={isSet && !removing ? 'success' : 'default'}
        label={translate(
          isSet && !removing ? 'resources.settings.secret.status_set' : 'resources.settings.secret.status_not_set',
        )}
        data-testid={`secret-status-${name}`}
      />
      {isSet && !readOnly ? (
        <Button
          size="small"
          sx={{ mt: 1.5 }}
          onClick={() =>
            form.setValue(source, removing ? null : CLEAR_SECRET, { shouldDirty: true, shouldTouch: true })
          }
        >
          {translate(removing ? 'resources.settings.secret.undo_remove' : 'resources.settings.secret.remove')}
        </Button>
      ) : null}
    </Stack>
  );
}
