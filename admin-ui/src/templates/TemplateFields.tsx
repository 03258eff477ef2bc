// The inputs of a template, shared by create and edit. Which bodies apply follows the kind:
// e-mails have a subject and HTML and/or text, event templates text (HTML optional), webhook
// templates a JSON payload. The server checks every body's syntax and names the field.
import { Stack } from '@mui/material';
import { SelectInput, TextInput, required } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { CodeInput } from './CodeInput.tsx';
import { CATEGORY_CHOICES, TYPE_CHOICES, type TemplateType } from './types.ts';

export function TemplateFields() {
  const type = useWatch({ name: 'type' }) as TemplateType | undefined;
  return (
    <Stack sx={{ width: '100%' }}>
      <TextInput source="name" validate={required()} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <SelectInput source="type" choices={TYPE_CHOICES} validate={required()} />
        <SelectInput source="category" choices={CATEGORY_CHOICES} emptyText="—" />
      </Stack>
      <TextInput source="description" multiline minRows={2} />
      {type !== 'webhook' ? <TextInput source="subject" /> : null}
      {type === 'email' || type === 'event' ? <CodeInput source="body_html" language="html" /> : null}
      {type !== 'webhook' ? <CodeInput source="body_text" language="text" /> : null}
      {type === 'webhook' ? <CodeInput source="payload" language="json" /> : null}
    </Stack>
  );
}
