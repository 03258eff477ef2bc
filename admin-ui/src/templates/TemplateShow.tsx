// Read-only view (what viewers open): the bodies as source, the variables they use. Viewers
// cannot render (the render endpoint records a use and needs templates.write).
import { Box, Chip, Stack } from '@mui/material';
import {
  DateField,
  FunctionField,
  Labeled,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { extractPlaceholders } from './placeholders.ts';
import { CATEGORY_CHOICES, TYPE_CHOICES, type Template } from './types.ts';

function Source({ value }: { value: string | null }) {
  if (!value) return <span>—</span>;
  return (
    <Box
      component="pre"
      sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', fontSize: '0.8rem' }}
    >
      {value}
    </Box>
  );
}

function UsedVariables() {
  const record = useRecordContext<Template>();
  const translate = useTranslate();
  if (!record) return null;
  const used = extractPlaceholders(
    record.subject,
    record.body_html,
    record.body_text,
    record.payload ? JSON.stringify(record.payload) : null,
  );
  return (
    <Labeled label={translate('resources.templates.placeholders.used')}>
      <Stack direction="row" flexWrap="wrap" useFlexGap spacing={1}>
        {used.length === 0 ? <span>—</span> : null}
        {used.map(({ path }) => (
          <Chip key={path} size="small" label={path} sx={{ fontFamily: 'monospace' }} />
        ))}
      </Stack>
    </Labeled>
  );
}

export function TemplateShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="name" />
        <SelectField source="type" choices={TYPE_CHOICES} />
        <SelectField source="category" choices={CATEGORY_CHOICES} emptyText="—" />
        <TextField source="description" emptyText="—" />
        <TextField source="subject" emptyText="—" />
        <FunctionField source="body_html" render={(r: Template) => <Source value={r.body_html} />} />
        <FunctionField source="body_text" render={(r: Template) => <Source value={r.body_text} />} />
        <FunctionField
          source="payload"
          render={(r: Template) => <Source value={r.payload ? JSON.stringify(r.payload, null, 2) : null} />}
        />
        <UsedVariables />
        <NumberField source="usage_count" />
        <DateField source="last_used_at" showTime emptyText="—" />
        <DateField source="updated_at" showTime />
      </SimpleShowLayout>
    </Show>
  );
}
